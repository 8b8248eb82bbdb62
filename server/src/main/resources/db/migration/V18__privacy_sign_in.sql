-- The privacy center's sign-in by one-time code. A code is never stored: only its HMAC-SHA256 under a server key
-- kept in CUSTODIA_HOME/keys. An address that names no customer gets a challenge too (subject_id null) that no code
-- can pass, so that both answer alike.
create table privacy_sign_in (
    id          uuid        primary key,
    entity_code varchar(8)  not null references entity (code),
    subject_id  uuid        references subject (id) on delete cascade,
    code_hash   bytea       not null,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    attempts    integer     not null default 0,
    used_at     timestamptz
);
create index privacy_sign_in_expiry on privacy_sign_in (expires_at);

-- Fixed-window counters for rate limits (per identifier, per IP address), shared by every server instance. The
-- bucket is a keyed hash of what is limited, never the address itself.
create table privacy_rate_limit (
    bucket       bytea       not null,
    window_start timestamptz not null,
    hits         integer     not null,
    primary key (bucket, window_start)
);
create index privacy_rate_limit_window on privacy_rate_limit (window_start);
