-- Connected systems of an entity: the company's stores that Custodia queries over JDBC, HTTP systems that answer
-- requests themselves, and manual systems a person handles. The password of a store or the signing secret of an HTTP
-- system is kept only as AES-256-GCM ciphertext (12-byte nonce then ciphertext and tag) under a key kept in
-- CUSTODIA_HOME/keys, with the connection's id as associated data, so that a ciphertext copied to another row does
-- not decrypt.
create sequence connection_id_seq;

create table connection (
    id           bigint       primary key,
    entity_code  varchar(8)   not null references entity (code),
    key          varchar(64)  not null,
    type         varchar(16)  not null,
    name         varchar(200) not null,
    url          varchar(2000),
    username     varchar(200),
    schema_name  varchar(200),
    recipient    varchar(200),
    instructions text,
    secret       bytea,
    enabled      boolean      not null default true,
    created_at   timestamptz  not null,
    created_by   varchar(200) not null,
    disabled_at  timestamptz,
    constraint connection_key_unique unique (entity_code, key),
    constraint connection_key_format check (key ~ '^[a-z0-9][a-z0-9_.-]{0,63}$'),
    constraint connection_type check (type in ('postgres', 'mysql', 'http', 'manual'))
);

-- The dataset that describes where a customer's data lives in a connected system: one per connection, kept as the
-- Custodia dataset file it was registered as (a fideslang file is converted), with the warnings found then.
create table connection_dataset (
    connection_id bigint       primary key references connection (id),
    entity_code   varchar(8)   not null references entity (code),
    dataset_key   varchar(200) not null,
    source_format varchar(16)  not null,
    document      text         not null,
    collections   integer      not null,
    fields        integer      not null,
    warnings      text         not null,
    registered_at timestamptz  not null,
    registered_by varchar(200) not null,
    constraint connection_dataset_key_unique unique (entity_code, dataset_key)
);
