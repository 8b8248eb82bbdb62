-- One consent_event row per transaction, of the shape and size the server writes (measured on the demo ledger:
-- context ~70 bytes and result ~340 bytes of JSON, receipt ~4.3 KB of JWS), into the scratch copy of the table.
\set n random(1, 2000)
insert into bench.consent_event (id, entity_code, subject_id, purpose, data_categories, recipient, action, notice_key,
    notice_version, notice_hash, language, channel, context, client_time, server_time, actor_type, actor_id,
    actor_name, idempotency_key, request_digest, gpc, gpc_signal_id, superseded, result, receipt)
select gen_random_uuid(), 'FR', c.id, 'marketing.personalised_offers', '{}', null, 'granted',
    'marketing.personalised_offers', 1, md5('notice') || md5('text'), 'en', 'web',
    '{"page": "https://shop.example/offers", "promptId": "banner-2026"}', null, now(), 'customer', null, 'web-shop',
    'load-' || gen_random_uuid(), md5(random()::text) || md5(random()::text), false, null, false,
    jsonb_build_object('eventId', gen_random_uuid(), 'receiptUrl', '/api/v1/receipts/' || gen_random_uuid(),
        'state', jsonb_build_object('purpose', 'marketing.personalised_offers', 'status', 'granted',
            'since', now(), 'expiresAt', now() + interval '13 months', 'noticeVersion', 1,
            'reconsentRequired', false),
        'superseded', false),
    bench.receipt()
from bench.customer c where c.n = :n;
