-- The consent ledger: every choice a customer made about a purpose, append-only. A customer's consent state is
-- computed from these rows (io.custodia.core.consent.ConsentFold), never stored on its own. No identifier of the
-- customer is kept here in clear: subject_id is Custodia's internal id.
create table consent_event (
    id              uuid          primary key,
    entity_code     varchar(8)    not null references entity (code),
    subject_id      uuid          not null references subject (id),
    purpose         varchar(200)  not null,
    -- The scope: data categories and recipient the choice is narrowed to; none means the whole purpose.
    data_categories text[]        not null,
    recipient       varchar(200),
    action          varchar(16)   not null,
    notice_key      varchar(200)  not null,
    notice_version  integer       not null,
    notice_hash     char(64)      not null,
    language        varchar(8)    not null,
    channel         varchar(16)   not null,
    context         jsonb         not null,
    client_time     timestamptz,
    server_time     timestamptz   not null,
    actor_type      varchar(16)   not null,
    actor_id        varchar(200),
    actor_name      varchar(200),
    idempotency_key varchar(200)  not null,
    -- SHA-256 of the request as understood (internal subject id, not the identifier), to tell a retry from a reuse.
    request_digest  char(64)      not null,
    -- Whether the request carried Sec-GPC: 1; and, for the events Custodia records when it applies the signal,
    -- which signal.
    gpc             boolean       not null,
    gpc_signal_id   uuid,
    -- A grant the device says was made before a choice Custodia had already recorded: kept as evidence, not folded.
    superseded      boolean       not null,
    -- The answer given when the event was recorded, given again when the same request is retried.
    result          jsonb         not null,
    -- The signed receipt (compact JWS), issued with the event.
    receipt         text          not null,
    constraint consent_event_action check (action in ('granted', 'refused', 'withdrawn', 'objected', 'expired')),
    constraint consent_event_channel
        check (channel in ('web', 'app', 'store', 'call_center', 'iot_device', 'api', 'import')),
    constraint consent_event_actor check (actor_type in ('customer', 'agent', 'guardian', 'custodia')),
    constraint consent_event_notice_version check (notice_version >= 1)
);
-- One request per idempotency key and entity: a retry finds the first event instead of recording a second.
create unique index consent_event_idempotency on consent_event (entity_code, idempotency_key);
create index consent_event_subject on consent_event (subject_id, purpose, server_time);

create or replace function consent_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'consent events are append-only';
end;
$$;

create trigger consent_event_no_update before update or delete on consent_event
    for each row execute function consent_event_append_only();

-- Every Global Privacy Control signal (Sec-GPC: 1) a consent endpoint received, whether or not the entity's
-- jurisdiction gives it an effect; the events it caused name it in consent_event.gpc_signal_id.
create table gpc_signal (
    id          uuid         primary key,
    entity_code varchar(8)   not null references entity (code),
    subject_id  uuid         references subject (id),
    received_at timestamptz  not null,
    endpoint    varchar(100) not null,
    effect      varchar(16)  not null,
    applied     integer      not null,
    constraint gpc_signal_effect check (effect in ('objection', 'none'))
);
create index gpc_signal_subject on gpc_signal (subject_id, received_at);
