-- Customers (data subjects). Their external identifiers are never stored in clear: a keyed hash (HMAC-SHA256
-- under the server's lookup key) finds them, and an AES-GCM ciphertext under the subject's own key lets
-- Custodia show them back. Deleting the subject's key makes every ciphertext unreadable (crypto-shredding).
create table subject (
    id          uuid        primary key,
    entity_code varchar(8)  not null references entity (code),
    age_band    varchar(16) not null default 'UNKNOWN',
    restricted  boolean     not null default false,
    erased_at   timestamptz,
    created_at  timestamptz not null default now(),
    constraint subject_age_band check (age_band in ('UNDER_13', 'FROM_13_TO_15', 'FROM_16_TO_17', 'ADULT', 'UNKNOWN'))
);
create index subject_entity on subject (entity_code);

-- The subject's data key, wrapped (AES-GCM) under the server's master key kept in CUSTODIA_HOME/keys.
create table subject_key (
    subject_id  uuid  primary key references subject (id) on delete cascade,
    wrapped_key bytea not null
);

create table subject_identifier (
    subject_id  uuid        not null references subject (id) on delete cascade,
    scheme      varchar(16) not null,
    lookup_hash bytea       not null,
    ciphertext  bytea       not null,
    primary key (subject_id, scheme, lookup_hash),
    constraint subject_identifier_scheme check (scheme in ('customer_id', 'email', 'phone', 'device_id'))
);
-- One identifier names one subject within an entity.
create unique index subject_identifier_lookup on subject_identifier (scheme, lookup_hash);
