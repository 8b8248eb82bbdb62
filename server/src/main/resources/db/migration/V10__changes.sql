-- The changes log: every change of state that decision replicas must apply, with a position, written in the same
-- transaction as the change and its audit entry. The feed that serves it in commit order reads this table.
create table change_log (
    position    bigserial   primary key,
    recorded_at timestamptz not null,
    type        varchar(64) not null,
    entity_code varchar(8)  not null references entity (code),
    subject_id  uuid,
    payload     jsonb       not null
);
create index change_log_subject on change_log (subject_id, position) where subject_id is not null;
