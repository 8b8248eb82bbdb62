-- Receipts of live events are signed on their first request, as those of imported events are: signing (ES256) cost
-- more than recording the event. What the receipt states is fixed when the event is recorded: its document (the JSON
-- text the signature will cover, naming the signing key) is stored with the event, and its SHA-256 is in the event's
-- audit entry. The signed receipt is kept in consent_receipt on first request. Events recorded before keep their
-- receipt in consent_event.receipt.
alter table consent_event add column receipt_document text;

-- Every live event has its answer, and its receipt or the receipt's document. Rows written before satisfied the
-- stricter check this replaces, so they are not scanned again (NOT VALID); new rows are checked.
alter table consent_event drop constraint consent_event_receipt_or_import;
alter table consent_event add constraint consent_event_receipt_or_import
    check ((result is not null and (receipt is not null or receipt_document is not null)) or import_id is not null)
    not valid;
