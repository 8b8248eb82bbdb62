-- Bulk imports of consents collected elsewhere (channel 'import'). One row per imported file and entity: a file
-- imported again (same SHA-256) records nothing and answers this row's summary.
create table consent_import (
    id               uuid         primary key,
    entity_code      varchar(8)   not null references entity (code),
    file_sha256      char(64)     not null,
    format           varchar(8)   not null,
    imported_at      timestamptz  not null,
    actor            varchar(200) not null,
    lines            integer      not null,
    events           integer      not null,
    subjects_created integer      not null,
    first_event_id   uuid,
    last_event_id    uuid,
    audit_seq        bigint       not null,
    constraint consent_import_format check (format in ('csv', 'jsonl'))
);
create unique index consent_import_file on consent_import (entity_code, file_sha256);

-- Each imported event names its import. The column has no foreign key on purpose: PostgreSQL checks a foreign key
-- row by row, which for a million-line import costs a million look-ups of the one import row the same transaction
-- writes; the importer is the only writer of the column. Imported events are written without a receipt: signing
-- one per event would cost more than the import itself, so the receipt is signed on first request and kept in
-- consent_receipt.
alter table consent_event add column import_id uuid;
alter table consent_event alter column receipt drop not null;
alter table consent_event alter column result drop not null;
alter table consent_event add constraint consent_event_receipt_or_import
    check ((receipt is not null and result is not null) or import_id is not null);

-- Receipts signed after their event was recorded (imported events), once: the first signature is the receipt.
create table consent_receipt (
    event_id  uuid        primary key references consent_event (id),
    receipt   text        not null,
    issued_at timestamptz not null
);

create trigger consent_receipt_no_update before update or delete on consent_receipt
    for each row execute function consent_event_append_only();
