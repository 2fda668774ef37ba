-- Judgments, tags, outbox events and audit entries take their ids from one sequence in blocks of
-- 50 so that inserts can be batched. The identity columns stay (explicit ids are accepted); the
-- sequence starts far above any id an identity column handed out before this migration.
create sequence hot_id_seq start with 100000000 increment by 50;

-- Recording a judgment looks up the assignments of a comparison.
create index ix_assignment_comparison on assignment (comparison_id);
