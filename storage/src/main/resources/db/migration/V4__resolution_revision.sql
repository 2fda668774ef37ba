-- How many times a comparison has been resolved: 1 for the first resolution, one more for each
-- replacement. The DisagreementResolved event of each revision has its own id, and a consumer
-- keeps the highest revision.
alter table resolution add column revision integer default 1 not null;
