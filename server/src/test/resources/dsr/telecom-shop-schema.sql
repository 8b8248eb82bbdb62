-- The store of a telecom operator's web shop and customer care: customers, their addresses, payment cards and mobile
-- lines, orders of handsets and plans, logins, web visits and service requests. It stands for "the company's real
-- systems" in the tests of data-subject requests; telecom-shop.fides.yml and telecom-shop.custodia.yml describe it.
--
-- Foreign keys are real, so an erasure that deletes a parent before its children, or leaves a child pointing at a
-- deleted parent, fails here as it would in production.

CREATE TABLE product (
    id            integer PRIMARY KEY,
    sku           varchar(20)   NOT NULL UNIQUE,
    name          varchar(100)  NOT NULL,
    category      varchar(20)   NOT NULL,
    price         numeric(8, 2) NOT NULL,
    monthly_fee   numeric(8, 2)
);

CREATE TABLE customer (
    id               integer PRIMARY KEY,
    customer_number  varchar(12)  NOT NULL UNIQUE,
    email            varchar(120) NOT NULL UNIQUE,
    first_name       varchar(60)  NOT NULL,
    last_name        varchar(60)  NOT NULL,
    contact_phone    varchar(20),
    birth_date       date,
    language         char(2)      NOT NULL,
    created_at       timestamp    NOT NULL
);

CREATE TABLE address (
    id           integer PRIMARY KEY,
    customer_id  integer      NOT NULL REFERENCES customer (id),
    kind         varchar(10)  NOT NULL,
    street       varchar(120) NOT NULL,
    postal_code  varchar(10)  NOT NULL,
    city         varchar(60)  NOT NULL,
    country      char(2)      NOT NULL
);

CREATE TABLE payment_card (
    id                  integer PRIMARY KEY,
    customer_id         integer     NOT NULL REFERENCES customer (id),
    billing_address_id  integer     REFERENCES address (id),
    holder_name         varchar(120) NOT NULL,
    brand               varchar(12) NOT NULL,
    last_four           char(4)     NOT NULL,
    expiry              char(5)     NOT NULL,
    token               varchar(40) NOT NULL UNIQUE
);

-- A mobile line: the phone number identifies the subscriber, as an operator knows its customers.
CREATE TABLE subscription (
    id               integer PRIMARY KEY,
    customer_id      integer     REFERENCES customer (id),
    msisdn           varchar(16) NOT NULL UNIQUE,
    plan_product_id  integer     NOT NULL REFERENCES product (id),
    started_on       date        NOT NULL,
    ended_on         date
);

CREATE TABLE orders (
    id                   integer PRIMARY KEY,
    order_number         varchar(14)    NOT NULL UNIQUE,
    customer_id          integer        REFERENCES customer (id),
    shipping_address_id  integer        REFERENCES address (id),
    payment_card_id      integer        REFERENCES payment_card (id),
    placed_at            timestamp      NOT NULL,
    status               varchar(12)    NOT NULL,
    total                numeric(10, 2) NOT NULL
);

CREATE TABLE order_item (
    order_id    integer       NOT NULL REFERENCES orders (id),
    line_no     smallint      NOT NULL,
    product_id  integer       NOT NULL REFERENCES product (id),
    quantity    smallint      NOT NULL,
    unit_price  numeric(8, 2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE login (
    id            bigint PRIMARY KEY,
    customer_id   integer     NOT NULL REFERENCES customer (id),
    logged_in_at  timestamp   NOT NULL,
    ip_address    varchar(45) NOT NULL,
    device_id     varchar(64)
);

-- Web analytics, keyed by the e-mail address a visitor signed in with; visitors need not be customers.
CREATE TABLE visit (
    id          bigint PRIMARY KEY,
    email       varchar(120) NOT NULL,
    visited_at  timestamp    NOT NULL,
    page        varchar(200) NOT NULL,
    ip_address  varchar(45)
);

-- A request to customer care; the contact details may be those of someone who is not (yet) a customer.
CREATE TABLE service_request (
    id             integer PRIMARY KEY,
    customer_id    integer      REFERENCES customer (id),
    contact_email  varchar(120),
    contact_phone  varchar(20),
    opened_on      date         NOT NULL,
    closed_on      date,
    topic          varchar(40)  NOT NULL,
    notes          text
);
