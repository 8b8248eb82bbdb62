-- Data-subject requests (GDPR Art. 15-22): the request with its legal due date, the tasks that carry it out in the
-- company's systems, its timeline, and the package an access or portability request produces.
create table data_request (
    id              uuid         primary key,
    entity_code     varchar(8)   not null references entity (code),
    -- Null while an e-mail request names no known customer: it waits for a code that no code can pass.
    subject_id      uuid         references subject (id),
    type            varchar(16)  not null
        check (type in ('access', 'portability', 'rectification', 'erasure', 'restriction', 'objection')),
    status          varchar(16)  not null
        check (status in ('verifying', 'in_progress', 'completed', 'failed', 'refused')),
    channel         varchar(16)  not null,
    filed_by        varchar(200) not null,
    agent           varchar(200),
    language        varchar(8)   not null,
    received_at     timestamptz  not null,
    due_on          date         not null,
    extended_reason varchar(1000),
    extended_at     timestamptz,
    challenge_id    uuid,
    verified_at     timestamptz,
    completed_at    timestamptz,
    -- Rectification's new values by data category, as JSON sealed under the customer's key.
    sealed_values   text
);
-- At most one open request per customer and type: filing the same again answers the open one.
create unique index data_request_open on data_request (entity_code, subject_id, type)
    where status in ('verifying', 'in_progress');
create index data_request_entity_due on data_request (entity_code, status, due_on);
create index data_request_subject on data_request (subject_id);

-- What happened to a request, in order: shown to the DPO and, in plain words, to the customer.
create table data_request_event (
    id          bigserial    primary key,
    request_id  uuid         not null references data_request (id),
    at          timestamptz  not null,
    kind        varchar(40)  not null,
    actor       varchar(200) not null,
    detail      varchar(2000)
);
create index data_request_event_request on data_request_event (request_id, id);

-- The work of a request: one task per connected system (stage 1), then the tasks that finish it (stage 2), which
-- a worker claims only once every stage-1 task of the request is done. A worker claims a row with FOR UPDATE SKIP
-- LOCKED and holds it for a lease; a worker that dies leaves the lease to run out, and another takes the task again.
create table data_request_task (
    id               uuid         primary key,
    request_id       uuid         not null references data_request (id),
    stage            smallint     not null,
    step             varchar(16)  not null,
    system_id        bigint,
    system_key       varchar(200) not null,
    system_name      varchar(200) not null,
    manual           boolean      not null default false,
    instructions     varchar(4000),
    status           varchar(16)  not null
        check (status in ('pending', 'running', 'waiting', 'manual', 'done', 'failed')),
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz  not null,
    lease_until      timestamptz,
    rows_changed     bigint       not null default 0,
    detail           varchar(2000),
    -- The records a collect step found, as JSON sealed under the customer's key, stored before the task is done.
    sealed_records   text,
    done_at          timestamptz,
    unique (request_id, step, system_key)
);
create index data_request_task_ready on data_request_task (next_attempt_at) where status in ('pending', 'running');

-- The result of an access or portability request, sealed under the customer's key (erasing them kills it too),
-- downloadable until it expires; a periodic pass deletes expired packages.
create table data_request_package (
    request_id   uuid        primary key references data_request (id),
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    sealed_json  text        not null,
    sealed_html  text        not null
);
create index data_request_package_expiry on data_request_package (expires_at);
