-- The taxonomy: purposes, data categories and subject types. A term is group-wide (entity_code null) or an
-- entity's extension of the group taxonomy. Names and descriptions are JSON objects keyed by language tag.
create table taxonomy_term (
    id           bigint generated always as identity primary key,
    kind         varchar(16)   not null,
    term_key     varchar(200)  not null,
    entity_code  varchar(8)    references entity (code),
    names        jsonb         not null,
    descriptions jsonb         not null default '{}'::jsonb,
    dpv          varchar(500)  not null,
    special      boolean       not null default false,
    created_at   timestamptz   not null default now(),
    updated_at   timestamptz   not null default now(),
    constraint taxonomy_term_kind check (kind in ('PURPOSE', 'DATA_CATEGORY', 'SUBJECT_TYPE')),
    constraint taxonomy_term_key_format check (term_key ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
    constraint taxonomy_term_english_name check (names ? 'en'),
    constraint taxonomy_term_dpv check (dpv like 'https://w3id.org/dpv%'),
    constraint taxonomy_term_special_category check (not special or kind = 'DATA_CATEGORY')
);

-- One group term per kind and key, and one per entity; the rule that an entity's key differs from every group
-- key is checked by the application under the taxonomy lock.
create unique index taxonomy_term_group_key on taxonomy_term (kind, term_key) where entity_code is null;
create unique index taxonomy_term_entity_key on taxonomy_term (kind, term_key, entity_code)
    where entity_code is not null;
create index taxonomy_term_entity on taxonomy_term (entity_code) where entity_code is not null;
