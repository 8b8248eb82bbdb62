-- The register of processing (GDPR Art. 30): per entity, the systems and datasets that hold personal data, the
-- recipients it goes to, and the processing activities. An activity's content is one JSONB document (the fields
-- of the API); the columns beside it carry what lists filter on, kept in step by the application.

create table register_system (
    entity_code     varchar(8)   not null references entity (code),
    key             varchar(64)  not null,
    name            varchar(200) not null,
    description     text,
    owner_team      varchar(200),
    hosting_country char(2),
    created_at      timestamptz  not null,
    primary key (entity_code, key)
);

create table register_dataset (
    entity_code     varchar(8)   not null references entity (code),
    key             varchar(64)  not null,
    name            varchar(200) not null,
    system_key      varchar(64),
    data_categories text[]       not null default '{}',
    retention_note  text,
    created_at      timestamptz  not null,
    primary key (entity_code, key),
    foreign key (entity_code, system_key) references register_system (entity_code, key)
);

create table register_recipient (
    entity_code    varchar(8)   not null references entity (code),
    key            varchar(64)  not null,
    name           varchar(200) not null,
    role           varchar(32)  not null
        check (role in ('processor', 'controller', 'joint_controller', 'public_authority')),
    country        char(2)      not null,
    dpa_reference  varchar(200),
    dpa_expires_on date,
    status         varchar(16)  not null check (status in ('approved', 'conditional', 'suspended')),
    dpf_certified  boolean      not null default false,
    created_at     timestamptz  not null,
    primary key (entity_code, key)
);

create table register_activity (
    id                 uuid         primary key,
    entity_code        varchar(8)   not null references entity (code),
    name               varchar(200) not null,
    status             varchar(16)  not null check (status in ('draft', 'active', 'halted', 'retired')),
    status_reason      text,
    version            bigint       not null,
    content            jsonb        not null,
    purpose_keys       text[]       not null,
    data_category_keys text[]       not null,
    recipient_keys     text[]       not null,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null
);

create index register_activity_entity_status on register_activity (entity_code, status);
create index register_activity_purposes on register_activity using gin (purpose_keys);
create index register_activity_data_categories on register_activity using gin (data_category_keys);
create index register_activity_recipients on register_activity using gin (recipient_keys);
