-- Each fold round of the vote tallies adds one to the version (VoteTallies.version), as does removing a dataset, so
-- that what is computed from the tallies (the agreement figures, the review queue's ids) can be kept until it changes.
alter table vote_tally_lock add column version bigint default 0 not null;
