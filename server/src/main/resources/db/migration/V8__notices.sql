-- Notices: the texts shown to customers when asking for consent or informing them. A notice belongs to one entity
-- and has numbered versions; a published version is never changed again (a trigger refuses it), so a consent
-- event can name the exact text the customer saw by its version and content hash.

create table notice (
    entity_code varchar(8)   not null references entity (code),
    key         varchar(200) not null,
    created_at  timestamptz  not null,
    primary key (entity_code, key)
);

create table notice_version (
    entity_code  varchar(8)   not null,
    notice_key   varchar(200) not null,
    version      integer      not null check (version >= 1),
    status       varchar(16)  not null check (status in ('draft', 'published')),
    purposes     text[]       not null,
    channels     text[]       not null,
    -- {"en": {"title": "…", "body": "…"}, "fr": {…}}, normalised (NFC, LF line breaks) exactly as hashed
    texts        jsonb        not null,
    material     boolean      not null default false,
    content_hash char(64)     not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    published_at timestamptz,
    published_by varchar(200),
    primary key (entity_code, notice_key, version),
    foreign key (entity_code, notice_key) references notice (entity_code, key),
    check ((status = 'published') = (published_at is not null and published_by is not null)),
    check (not (material and version = 1))
);

-- At most one draft per notice at a time.
create unique index notice_version_one_draft on notice_version (entity_code, notice_key) where status = 'draft';
create index notice_version_purposes on notice_version using gin (purposes);

-- Which notice explains each purpose of an entity: at most one. The application keeps it in step with the
-- versions: a purpose is held by the notice whose published versions or current draft list it, and once
-- published it stays with that notice for good, so a (purpose, version) pair names one text forever.
create table notice_purpose (
    entity_code varchar(8)   not null,
    purpose_key varchar(200) not null,
    notice_key  varchar(200) not null,
    primary key (entity_code, purpose_key),
    foreign key (entity_code, notice_key) references notice (entity_code, key)
);

create or replace function notice_version_published_is_final() returns trigger language plpgsql as $$
begin
    if old.status = 'published' then
        raise exception 'notice % version % of entity % is published and cannot change',
            old.notice_key, old.version, old.entity_code;
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end;
$$;

create trigger notice_version_immutable before update or delete on notice_version
    for each row execute function notice_version_published_is_final();
