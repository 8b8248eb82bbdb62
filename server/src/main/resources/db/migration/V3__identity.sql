-- Local staff accounts (Argon2id hashes), their roles and the entities they may see.
create table staff_account (
    username      varchar(64)  primary key,
    display_name  varchar(200) not null,
    password_hash varchar(255) not null,
    all_entities  boolean      not null default false,
    enabled       boolean      not null default true,
    created_at    timestamptz  not null default now(),
    constraint staff_username_format check (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$')
);

create table staff_role (
    username varchar(64) not null references staff_account (username) on delete cascade,
    role     varchar(32) not null,
    primary key (username, role),
    constraint staff_role_known check (role in ('DPO', 'PRIVACY_OFFICER', 'COMMITTEE_MEMBER', 'SECURITY_OFFICER',
                                               'SUPPORT_AGENT', 'AUDITOR', 'ENGINEER'))
);

create table staff_entity (
    username    varchar(64) not null references staff_account (username) on delete cascade,
    entity_code varchar(8)  not null references entity (code),
    primary key (username, entity_code)
);
