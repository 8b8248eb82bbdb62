-- The audit log: append-only and hash-chained. Each entry's hash covers the previous entry's hash, so any
-- change to a past entry breaks every hash after it. Written in the same transaction as the change it records.
create table audit_entry (
    seq            bigint       primary key,
    recorded_at    timestamptz  not null,
    actor          varchar(200) not null,
    action         varchar(100) not null,
    object_type    varchar(64)  not null,
    object_id      varchar(200) not null,
    entity_code    varchar(8),
    payload_digest char(64)     not null,
    previous_hash  char(64)     not null,
    hash           char(64)     not null unique
);

-- One row: the head of the chain. Writers lock it, which orders entries exactly as their transactions commit.
create table audit_head (
    id   smallint primary key default 1 check (id = 1),
    seq  bigint   not null,
    hash char(64) not null
);
insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));

create or replace function audit_entry_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit entries are append-only';
end;
$$;

create trigger audit_entry_no_update before update or delete on audit_entry
    for each row execute function audit_entry_append_only();
