-- About twelve thousand rows for telecom-shop-schema.sql, generated deterministically (no random()): the same rows
-- on every run, so that tests can name a customer and know what belongs to them.
--
-- 500 customers; each has a home address, a payment card, a mobile line, three orders, five logins and four web
-- visits. Every third customer (id divisible by 3) also has a shipping address that orders 2 ship to; every fifth a
-- second card that orders 3 are paid with; every seventh a second line; every second a service request, and every
-- tenth an older request made by e-mail before becoming a customer (no customer_id). Non-customers visit the site,
-- call customer care and hold prepaid lines.

INSERT INTO product (id, sku, name, category, price, monthly_fee)
SELECT n,
       'SKU-' || lpad(n::text, 5, '0'),
       CASE WHEN n <= 15 THEN 'Handset model ' WHEN n <= 25 THEN 'Mobile plan ' ELSE 'Accessory ' END || n,
       CASE WHEN n <= 15 THEN 'handset' WHEN n <= 25 THEN 'plan' ELSE 'accessory' END,
       (n * 37 % 900) + 9.99,
       CASE WHEN n BETWEEN 16 AND 25 THEN (n * 3 % 40) + 4.99 END
FROM generate_series(1, 40) AS n;

INSERT INTO customer (id, customer_number, email, first_name, last_name, contact_phone, birth_date, language,
                      created_at)
SELECT n,
       'C' || lpad(n::text, 8, '0'),
       translate(lower(first_name || '.' || last_name || n), 'ïéè', 'iee')
           || '@example.' || (ARRAY ['fr', 'sn', 'ci', 'com'])[1 + n % 4],
       first_name,
       last_name,
       CASE WHEN n % 4 <> 0 THEN '+33 6 ' || to_char(n * 7919 % 100000000, 'FM00 00 00 00') END,
       date '1950-01-01' + (n * 7919 % 20000),
       (ARRAY ['fr', 'en', 'wo'])[1 + n % 3],
       timestamp '2018-01-01 09:00' + n * interval '3 days 7 hours'
FROM generate_series(1, 500) AS n,
     LATERAL (SELECT (ARRAY ['Amina', 'Jean', 'Fatou', 'Louis', 'Aïssatou', 'Chloé', 'Moussa', 'Nadia', 'Kofi',
                             'Léa', 'Ibrahima', 'Sofia'])[1 + n % 12] AS first_name,
                     (ARRAY ['Diallo', 'Martin', 'Ndiaye', 'Bernard', 'Koné', 'Dubois', 'Traoré', 'Moreau',
                             'Mensah', 'Laurent', 'Sow'])[1 + n % 11] AS last_name) AS names;

INSERT INTO address (id, customer_id, kind, street, postal_code, city, country)
SELECT n,
       n,
       'home',
       (n * 13 % 200 + 1) || ' ' || (ARRAY ['rue de la Paix', 'avenue Bourguiba', 'boulevard Latrille',
                                            'rue Mercière', 'route de Mbour'])[1 + n % 5],
       lpad((n * 97 % 90000 + 10000)::text, 5, '0'),
       (ARRAY ['Paris', 'Dakar', 'Abidjan', 'Lyon', 'Thiès'])[1 + n % 5],
       (ARRAY ['FR', 'SN', 'CI', 'FR', 'SN'])[1 + n % 5]
FROM generate_series(1, 500) AS n;

INSERT INTO address (id, customer_id, kind, street, postal_code, city, country)
SELECT 500 + n, n, 'shipping', (n % 90 + 1) || ' quai des Chartrons', '33000', 'Bordeaux', 'FR'
FROM generate_series(1, 500) AS n
WHERE n % 3 = 0;

INSERT INTO payment_card (id, customer_id, billing_address_id, holder_name, brand, last_four, expiry, token)
SELECT id,
       id,
       id,
       first_name || ' ' || last_name,
       (ARRAY ['VISA', 'MASTERCARD', 'CB'])[1 + id % 3],
       lpad((id * 7919 % 10000)::text, 4, '0'),
       lpad((1 + id % 12)::text, 2, '0') || '/' || (26 + id % 5),
       'tok_' || md5('card' || id)
FROM customer;

INSERT INTO payment_card (id, customer_id, billing_address_id, holder_name, brand, last_four, expiry, token)
SELECT 500 + id,
       id,
       id,
       upper(last_name),
       'VISA',
       lpad((id * 104729 % 10000)::text, 4, '0'),
       '0' || (1 + id % 9) || '/29',
       'tok_' || md5('second card' || id)
FROM customer
WHERE id % 5 = 0;

INSERT INTO subscription (id, customer_id, msisdn, plan_product_id, started_on, ended_on)
SELECT n, n, '+336' || lpad((n * 7919 % 100000000)::text, 8, '0'), 16 + n % 10,
       date '2019-01-01' + n, CASE WHEN n % 9 = 0 THEN date '2024-06-30' END
FROM generate_series(1, 500) AS n;

INSERT INTO subscription (id, customer_id, msisdn, plan_product_id, started_on, ended_on)
SELECT 500 + n, n, '+337' || lpad((n * 104729 % 100000000)::text, 8, '0'), 16 + (n + 3) % 10,
       date '2021-03-01' + n, NULL
FROM generate_series(1, 500) AS n
WHERE n % 7 = 0;

-- Prepaid lines of people the operator does not know.
INSERT INTO subscription (id, customer_id, msisdn, plan_product_id, started_on, ended_on)
SELECT 1000 + n, NULL, '+22177' || lpad(n::text, 7, '0'), 25, date '2023-01-01' + n, NULL
FROM generate_series(1, 10) AS n;

INSERT INTO orders (id, order_number, customer_id, shipping_address_id, payment_card_id, placed_at, status, total)
SELECT (n - 1) * 3 + k,
       'O' || lpad(((n - 1) * 3 + k)::text, 10, '0'),
       n,
       CASE WHEN n % 3 = 0 AND k = 2 THEN 500 + n ELSE n END,
       CASE WHEN n % 5 = 0 AND k = 3 THEN 500 + n ELSE n END,
       timestamp '2022-01-01 10:00' + ((n - 1) * 3 + k) * interval '4 hours 13 minutes',
       (ARRAY ['delivered', 'shipped', 'cancelled', 'delivered'])[1 + (n + k) % 4],
       ((n * k * 131) % 1500) + 0.99
FROM generate_series(1, 500) AS n,
     generate_series(1, 3) AS k;

INSERT INTO order_item (order_id, line_no, product_id, quantity, unit_price)
SELECT o.id, line, p.id, 1 + (o.id + line) % 2, p.price
FROM orders AS o,
     generate_series(1, 1 + o.id % 3) AS line,
     product AS p
WHERE p.id = 1 + (o.id * 7 + line * 11) % 40;

INSERT INTO login (id, customer_id, logged_in_at, ip_address, device_id)
SELECT (n - 1) * 5 + k,
       n,
       timestamp '2024-01-01 08:00' + ((n - 1) * 5 + k) * interval '97 minutes',
       '10.' || (n % 256) || '.' || k || '.' || (n * k % 256),
       CASE WHEN k % 2 = 0 THEN 'dev-' || left(md5('device' || n), 16) END
FROM generate_series(1, 500) AS n,
     generate_series(1, 5) AS k;

INSERT INTO visit (id, email, visited_at, page, ip_address)
SELECT (c.id - 1) * 4 + k,
       c.email,
       timestamp '2024-02-01 12:00' + ((c.id - 1) * 4 + k) * interval '53 minutes',
       (ARRAY ['/offers', '/phones', '/account/invoices', '/help/roaming'])[k],
       '192.0.2.' || (c.id * k % 250 + 1)
FROM customer AS c,
     generate_series(1, 4) AS k;

INSERT INTO visit (id, email, visited_at, page, ip_address)
SELECT 2000 + v, 'visitor' || v || '@example.net', timestamp '2024-03-01 18:00' + v * interval '11 minutes',
       '/offers', NULL
FROM generate_series(1, 200) AS v;

INSERT INTO service_request (id, customer_id, contact_email, contact_phone, opened_on, closed_on, topic, notes)
SELECT c.id,
       c.id,
       c.email,
       replace(c.contact_phone, ' ', ''),
       date '2023-01-01' + c.id,
       CASE WHEN c.id % 4 <> 0 THEN date '2023-01-05' + c.id END,
       (ARRAY ['billing', 'roaming', 'handset repair', 'moving house'])[1 + c.id % 4],
       'Customer ' || c.first_name || ' called about ' || (ARRAY ['an invoice', 'roaming fees', 'a broken screen',
                                                                   'a new address'])[1 + c.id % 4]
FROM customer AS c
WHERE c.id % 2 = 0;

-- Asked before becoming customers: found by their e-mail address only.
INSERT INTO service_request (id, customer_id, contact_email, contact_phone, opened_on, closed_on, topic, notes)
SELECT 1000 + c.id, NULL, c.email, NULL, date '2017-06-01' + c.id, date '2017-06-02' + c.id, 'offers',
       'Asked about fibre offers'
FROM customer AS c
WHERE c.id % 10 = 0;

INSERT INTO service_request (id, customer_id, contact_email, contact_phone, opened_on, closed_on, topic, notes)
SELECT 2000 + n, NULL, 'prospect' || n || '@example.net', '+22178' || lpad(n::text, 7, '0'),
       date '2024-01-01' + n, NULL, 'offers', NULL
FROM generate_series(1, 20) AS n;
