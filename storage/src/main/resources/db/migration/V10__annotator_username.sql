-- The Keycloak user name (preferred_username) of an annotator, recorded at sign-in and by the demo
-- seeding, so that the audit log, the review and agreement can show and find people by it. Null for
-- rows recorded before it was kept, until that person signs in again.
alter table annotator add column username varchar(200);
create index ix_annotator_username on annotator (username);
