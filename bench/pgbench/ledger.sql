-- What recording one consent does in SQL, in the order the server does it: find the customer by the keyed hash of
-- their identifier, check the idempotency key, take the customer's lock, read the events to fold, then insert the
-- audit entry (unchained), the event and the change, and commit. Into the scratch copies of the tables.
\set n random(1, 2000)
\set key random(1, 1000000000000)
select id as subject, lookup from bench.customer where n = :n \gset
begin;
select i.subject_id from public.subject_identifier i join public.subject s on s.id = i.subject_id
    where i.scheme = 'customer_id' and i.lookup_hash = decode(':lookup', 'hex') and s.entity_code = 'FR';
select id from bench.consent_event where entity_code = 'FR' and idempotency_key = 'load-:key';
select pg_advisory_xact_lock(1668247155, hashtext(':subject'));
select id, subject_id, purpose, data_categories, recipient, action, notice_version, notice_hash, channel,
    client_time, server_time, actor_type, actor_id, idempotency_key
    from bench.consent_event
    where subject_id = ':subject' and purpose = 'marketing.personalised_offers' and not superseded;
insert into bench.audit_entry (recorded_at, actor, action, object_type, object_id, entity_code, payload_digest)
    values (now(), 'token:0b7c2d4e-5f60-4a1b-9c8d-7e6f5a4b3c2d', 'consent.recorded', 'consent_event',
        gen_random_uuid()::text, 'FR', md5(random()::text) || md5(random()::text));
insert into bench.consent_event (id, entity_code, subject_id, purpose, data_categories, recipient, action, notice_key,
    notice_version, notice_hash, language, channel, context, client_time, server_time, actor_type, actor_id,
    actor_name, idempotency_key, request_digest, gpc, gpc_signal_id, superseded, result, receipt)
values (gen_random_uuid(), 'FR', ':subject', 'marketing.personalised_offers', '{}', null, 'granted',
    'marketing.personalised_offers', 1, md5('notice') || md5('text'), 'en', 'web',
    '{"page": "https://shop.example/offers", "promptId": "banner-2026"}', null, now(), 'customer', null, 'web-shop',
    'load-:key', md5(random()::text) || md5(random()::text), false, null, false,
    jsonb_build_object('eventId', gen_random_uuid(), 'receiptUrl', '/api/v1/receipts/' || gen_random_uuid(),
        'state', jsonb_build_object('purpose', 'marketing.personalised_offers', 'status', 'granted',
            'since', now(), 'expiresAt', now() + interval '13 months', 'noticeVersion', 1,
            'reconsentRequired', false),
        'superseded', false),
    bench.receipt());
insert into bench.change_log (recorded_at, type, entity_code, subject_id, payload)
    values (now(), 'consent.changed', 'FR', ':subject',
        jsonb_build_object('type', 'consent.changed', 'subjectId', ':subject', 'entityCode', 'FR',
            'purpose', 'marketing.personalised_offers', 'status', 'granted', 'since', now(),
            'expiresAt', now() + interval '13 months'));
commit;
