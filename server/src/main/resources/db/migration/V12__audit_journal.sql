-- The audit log as a journal: a writer inserts its entry, in the same transaction as the change it records, without a
-- place in the hash chain; one chainer gives committed entries their place (seq, previous_hash, hash) moments later.
-- Writers no longer share a lock, so they commit in parallel. See io.custodia.server.audit.AuditChainer.

-- The journal's own order: an id taken when the entry is written. Existing entries keep their sequence as their id.
alter table audit_entry disable trigger audit_entry_no_update;
alter table audit_entry add column id bigint;
update audit_entry set id = seq;
alter table audit_entry enable trigger audit_entry_no_update;
create sequence audit_entry_id_seq owned by audit_entry.id;
do $$
begin
    perform setval('audit_entry_id_seq', greatest((select max(id) from audit_entry), 1),
                   (select max(id) from audit_entry) is not null);
end;
$$;
alter table audit_entry alter column id set default nextval('audit_entry_id_seq');
alter table audit_entry alter column id set not null;
alter table audit_entry drop constraint audit_entry_pkey;
alter table audit_entry add primary key (id);

-- The chain's fields are empty until the chainer fills them, all three at once, and never changed after.
alter table audit_entry alter column seq drop not null;
alter table audit_entry add constraint audit_entry_seq unique (seq);
alter table audit_entry alter column previous_hash drop not null;
alter table audit_entry alter column hash drop not null;
alter table audit_entry add constraint audit_entry_chained
    check ((seq is null and previous_hash is null and hash is null)
        or (seq is not null and previous_hash is not null and hash is not null));
-- What the chainer scans for: entries still waiting for their place. Small, since it waits milliseconds.
create index audit_entry_unchained on audit_entry (id) where seq is null;

-- Still append-only: the one change allowed is the chainer giving an unchained entry its place.
create or replace function audit_entry_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.seq is null and new.seq is not null
            and (new.id, new.recorded_at, new.actor, new.action, new.object_type, new.object_id, new.entity_code,
                 new.payload_digest)
                is not distinct from
                (old.id, old.recorded_at, old.actor, old.action, old.object_type, old.object_id, old.entity_code,
                 old.payload_digest) then
        return new;
    end if;
    raise exception 'audit entries are append-only';
end;
$$;

-- The head of the chain is now the chainer's alone: writers never read or lock it.
comment on table audit_head is 'The last chained entry (seq, hash); only the audit chainer locks and updates it.';
