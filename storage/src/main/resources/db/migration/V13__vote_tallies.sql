-- The review queue and the agreement figures read per-comparison tallies of the current votes instead of every
-- judgment on each request (VoteTallies). A judgment is tallied once: new rows arrive with tallied = false (the
-- column is not mapped, so every writer leaves it to its default), and the next read folds the comparisons they
-- touch into the tables below and marks them. Commit order does not matter: an untallied row is found whenever
-- it commits.
alter table judgment add column tallied boolean default false not null;
create index ix_judgment_untallied on judgment (tallied, comparison_id);
create index ix_judgment_judge_comparison on judgment (judge_id, comparison_id);

-- One row: held (select for update) while a read folds new judgments in, so that two folds do not race.
create table vote_tally_lock (
    id integer primary key
);
insert into vote_tally_lock (id) values (1);

-- Per comparison with at least one current vote: the human verdict counts, the kinds of disagreement
-- (ReviewService.kinds) and the people's decision (a strict human majority for A or B, else null).
create table comparison_tally (
    comparison_id  bigint      primary key references comparison (id),
    dataset_id     bigint      not null references dataset (id),
    human_a        integer     not null,
    human_b        integer     not null,
    human_tie      integer     not null,
    human_both_bad integer     not null,
    human_human    boolean     not null,
    human_critic   boolean     not null,
    disagreement   boolean     not null,
    decision       varchar(10)
);
create index ix_comparison_tally_queue on comparison_tally (disagreement, comparison_id);
create index ix_comparison_tally_dataset on comparison_tally (dataset_id, disagreement, comparison_id);

-- Each judge's current verdict per comparison (the latest of their judgments no correction superseded).
create table current_vote (
    comparison_id bigint       not null references comparison (id),
    judge_id      varchar(200) not null,
    judge_kind    varchar(10)  not null,
    verdict       varchar(10)  not null,
    dataset_id    bigint       not null,
    constraint pk_current_vote primary key (comparison_id, judge_id)
);

-- Cohen's kappa inputs: on how many comparisons of a dataset judge1 said verdict1 and judge2 said verdict2
-- (two humans with judge1 < judge2, or a human and a critic). Kept at zero rather than deleted.
create table vote_pair_tally (
    dataset_id bigint       not null,
    judge1     varchar(200) not null,
    judge2     varchar(200) not null,
    verdict1   varchar(10)  not null,
    verdict2   varchar(10)  not null,
    critic     boolean      not null,
    n          bigint       not null,
    constraint pk_vote_pair_tally primary key (dataset_id, judge1, judge2, verdict1, verdict2)
);

-- A critic's verdicts on the comparisons people decided (comparison_tally.decision), by decision.
create table critic_decision_tally (
    dataset_id bigint       not null,
    critic     varchar(200) not null,
    decision   varchar(10)  not null,
    verdict    varchar(10)  not null,
    n          bigint       not null,
    constraint pk_critic_decision_tally primary key (dataset_id, critic, decision, verdict)
);

-- Krippendorff's alpha and Fleiss' kappa inputs: how many comparisons of a dataset have each profile of human
-- verdict counts (comparisons without a human vote are left out).
create table vote_profile_tally (
    dataset_id     bigint  not null,
    human_a        integer not null,
    human_b        integer not null,
    human_tie      integer not null,
    human_both_bad integer not null,
    n              bigint  not null,
    constraint pk_vote_profile_tally primary key (dataset_id, human_a, human_b, human_tie, human_both_bad)
);

-- Every judge with a current vote in a dataset.
create table vote_judge (
    dataset_id bigint       not null,
    judge_id   varchar(200) not null,
    judge_kind varchar(10)  not null,
    constraint pk_vote_judge primary key (dataset_id, judge_id)
);
create index ix_vote_judge_judge on vote_judge (judge_id);

-- The audit log pages newest first with a bounded count.
create index ix_audit_time_id on audit_log (occurred_at desc, id desc);
-- The action filter lists the distinct actions by probing this index (AuditLogRepository.findActions).
create index ix_audit_action on audit_log (action);
