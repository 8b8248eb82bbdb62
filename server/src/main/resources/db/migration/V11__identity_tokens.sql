-- Service tokens: how company services call the API. The token itself is shown once, when it is created; only its
-- SHA-256 is kept (a token is 256 random bits, so a fast hash is enough: there is nothing to guess from it). A
-- token acts for one entity with the scopes it was given, until it is revoked.
create table api_token (
    id          uuid         primary key,
    name        varchar(100) not null,
    token_hash  char(64)     not null unique,
    scopes      text[]       not null,
    entity_code varchar(8)   not null references entity (code),
    created_by  varchar(200) not null,
    created_at  timestamptz  not null,
    last_used_at timestamptz,
    revoked_at  timestamptz,
    constraint api_token_scopes check (cardinality(scopes) > 0
        and scopes <@ array['decisions:read', 'consent:write', 'consent:read', 'feed:read', 'requests:write']::text[])
);
create index api_token_entity on api_token (entity_code, created_at);
