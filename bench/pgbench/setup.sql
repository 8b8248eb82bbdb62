-- Scratch tables for the pgbench peer of the consent ingestion benchmark, in a schema of their own so that the
-- ledger, the audit log and the changes log of the server are never touched: copies of consent_event, audit_entry
-- and change_log (columns, defaults, checks and indexes; own sequences), with the foreign keys the real tables
-- check on every insert, and the customers the load picks from.
drop schema if exists bench cascade;
create schema bench;

create table bench.consent_event (like public.consent_event including all);
alter table bench.consent_event
    add foreign key (subject_id, entity_code) references public.subject (id, entity_code);

create table bench.audit_entry (like public.audit_entry including all);
create sequence bench.audit_entry_id_seq owned by bench.audit_entry.id;
alter table bench.audit_entry alter column id set default nextval('bench.audit_entry_id_seq');

create table bench.change_log (like public.change_log including all);
create sequence bench.change_log_position_seq owned by bench.change_log.position;
alter table bench.change_log alter column position set default nextval('bench.change_log_position_seq');
alter table bench.change_log add foreign key (entity_code) references public.entity (code);

-- The demo customers of FR the load picks from (as the HTTP driver picks FR-0000001 to FR-0002000), with the keyed
-- hash of their customer number that the server looks them up by.
create table bench.customer as
    select row_number() over (order by s.id) as n, s.id, encode(i.lookup_hash, 'hex') as lookup
    from public.subject s join public.subject_identifier i on i.subject_id = s.id and i.scheme = 'customer_id'
    where s.entity_code = 'FR'
    limit 2000;
create unique index on bench.customer (n);

-- A receipt-sized text that does not compress, as a compact JWS does not (base64 of a signed JSON document).
create function bench.receipt() returns text language sql as
    $$ select string_agg(md5(random()::text), '') from generate_series(1, 135) $$;
analyze bench.customer;
