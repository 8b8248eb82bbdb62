-- telecom-shop-schema.sql for MySQL and MariaDB: the same tables, columns, keys and foreign keys, so that the data-
-- subject request tests run the same dataset (telecom-shop.custodia.yml) against both kinds of store. The rows are
-- not generated here: the tests copy them from the PostgreSQL store, table by table, so both hold the same rows.
--
-- The translation: numeric is decimal, timestamp is datetime (a MySQL timestamp is stored in UTC and may update
-- itself), and the tables are InnoDB in utf8mb4, so that foreign keys are enforced and every name fits. InnoDB indexes
-- the columns of every foreign key; PostgreSQL does not, which changes no result.

CREATE TABLE product (
    id            integer PRIMARY KEY,
    sku           varchar(20)   NOT NULL UNIQUE,
    name          varchar(100)  NOT NULL,
    category      varchar(20)   NOT NULL,
    price         decimal(8, 2) NOT NULL,
    monthly_fee   decimal(8, 2)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE customer (
    id               integer PRIMARY KEY,
    customer_number  varchar(12)  NOT NULL UNIQUE,
    email            varchar(120) NOT NULL UNIQUE,
    first_name       varchar(60)  NOT NULL,
    last_name        varchar(60)  NOT NULL,
    contact_phone    varchar(20),
    birth_date       date,
    language         char(2)      NOT NULL,
    created_at       datetime     NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE address (
    id           integer PRIMARY KEY,
    customer_id  integer      NOT NULL,
    kind         varchar(10)  NOT NULL,
    street       varchar(120) NOT NULL,
    postal_code  varchar(10)  NOT NULL,
    city         varchar(60)  NOT NULL,
    country      char(2)      NOT NULL,
    FOREIGN KEY (customer_id) REFERENCES customer (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE payment_card (
    id                  integer PRIMARY KEY,
    customer_id         integer      NOT NULL,
    billing_address_id  integer,
    holder_name         varchar(120) NOT NULL,
    brand               varchar(12)  NOT NULL,
    last_four           char(4)      NOT NULL,
    expiry              char(5)      NOT NULL,
    token               varchar(40)  NOT NULL UNIQUE,
    FOREIGN KEY (customer_id) REFERENCES customer (id),
    FOREIGN KEY (billing_address_id) REFERENCES address (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- A mobile line: the phone number identifies the subscriber, as an operator knows its customers.
CREATE TABLE subscription (
    id               integer PRIMARY KEY,
    customer_id      integer,
    msisdn           varchar(16) NOT NULL UNIQUE,
    plan_product_id  integer     NOT NULL,
    started_on       date        NOT NULL,
    ended_on         date,
    FOREIGN KEY (customer_id) REFERENCES customer (id),
    FOREIGN KEY (plan_product_id) REFERENCES product (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE orders (
    id                   integer PRIMARY KEY,
    order_number         varchar(14)    NOT NULL UNIQUE,
    customer_id          integer,
    shipping_address_id  integer,
    payment_card_id      integer,
    placed_at            datetime       NOT NULL,
    status               varchar(12)    NOT NULL,
    total                decimal(10, 2) NOT NULL,
    FOREIGN KEY (customer_id) REFERENCES customer (id),
    FOREIGN KEY (shipping_address_id) REFERENCES address (id),
    FOREIGN KEY (payment_card_id) REFERENCES payment_card (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE order_item (
    order_id    integer       NOT NULL,
    line_no     smallint      NOT NULL,
    product_id  integer       NOT NULL,
    quantity    smallint      NOT NULL,
    unit_price  decimal(8, 2) NOT NULL,
    PRIMARY KEY (order_id, line_no),
    FOREIGN KEY (order_id) REFERENCES orders (id),
    FOREIGN KEY (product_id) REFERENCES product (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE login (
    id            bigint PRIMARY KEY,
    customer_id   integer     NOT NULL,
    logged_in_at  datetime    NOT NULL,
    ip_address    varchar(45) NOT NULL,
    device_id     varchar(64),
    FOREIGN KEY (customer_id) REFERENCES customer (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Web analytics, keyed by the e-mail address a visitor signed in with; visitors need not be customers.
CREATE TABLE visit (
    id          bigint PRIMARY KEY,
    email       varchar(120) NOT NULL,
    visited_at  datetime     NOT NULL,
    page        varchar(200) NOT NULL,
    ip_address  varchar(45)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- A request to customer care; the contact details may be those of someone who is not (yet) a customer.
CREATE TABLE service_request (
    id             integer PRIMARY KEY,
    customer_id    integer,
    contact_email  varchar(120),
    contact_phone  varchar(20),
    opened_on      date         NOT NULL,
    closed_on      date,
    topic          varchar(40)  NOT NULL,
    notes          text,
    FOREIGN KEY (customer_id) REFERENCES customer (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
