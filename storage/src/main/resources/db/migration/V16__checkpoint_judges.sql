-- A checkpoint's lineage names who decided the pairs it trained on (CheckpointSaved.judges): one row per judge with
-- the number of the checkpoint's pairs that judge decided. Checkpoints reported before the field existed have none.
create table checkpoint_judge (
    checkpoint_id bigint       not null references checkpoint (id) on delete cascade,
    judge_kind    varchar(10)  not null,
    judge_id      varchar(200) not null,
    pair_count    bigint       not null,
    constraint pk_checkpoint_judge primary key (checkpoint_id, judge_kind, judge_id),
    constraint ck_checkpoint_judge_kind check (judge_kind in ('HUMAN', 'CRITIC', 'REVIEWER')),
    constraint ck_checkpoint_judge_pairs check (pair_count > 0)
);
