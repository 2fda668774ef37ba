-- Training runs, metrics and checkpoints now arrive as events from the trainer service (its own process), which
-- names its runs by UUID. The web application stores each event once, by event id.
alter table training_run add column run_key varchar(36);
alter table training_run add column round_number integer;
alter table training_run add column total_steps bigint;
alter table training_run add column data_description varchar(4000);
alter table training_run add column error varchar(2000);
create unique index ux_training_run_key on training_run (run_key);

alter table checkpoint add column pair_count bigint;
alter table checkpoint add column offset_ranges varchar(4000);
alter table checkpoint add column policy_version varchar(200);

create table processed_event (
    event_id     varchar(36) primary key,
    consumer     varchar(60) not null,
    processed_at timestamp with time zone not null
);
