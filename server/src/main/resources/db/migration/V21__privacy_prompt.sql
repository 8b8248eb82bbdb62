-- The consent prompt (/sdk/consent.js) of each entity: the web sites allowed to use it, and IAB TCF.
create table privacy_prompt (
    entity_code  varchar(8)  primary key references entity (code),
    -- The origins (scheme://host[:port]) of the company's web sites whose pages may call the prompt's endpoints.
    site_origins text[]      not null default '{}',
    -- Whether the prompt produces an IAB TCF v2.2 TC string and answers __tcfapi.
    tcf_enabled  boolean     not null default false,
    -- Custodia purpose key -> TCF purpose ids (1 to 11), as a JSON object of arrays.
    tcf_purposes jsonb       not null default '{}',
    -- TCF vendor id -> the Custodia purpose keys that must all be granted for the vendor's consent bit.
    tcf_vendors  jsonb       not null default '{}',
    updated_at   timestamptz not null
);
