-- Group entities: one legal entity per country company. Every record of Custodia belongs to one.
create table entity (
    code         varchar(8)   primary key,
    name         varchar(200) not null,
    jurisdiction varchar(32)  not null,
    time_zone    varchar(64)  not null,
    country      char(2)      not null,
    created_at   timestamptz  not null default now(),
    constraint entity_code_format check (code ~ '^[A-Z][A-Z0-9_]{1,7}$')
);
