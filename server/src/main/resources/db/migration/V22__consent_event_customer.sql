-- One foreign key per consent event instead of two: the event's customer, in the event's entity.
--
-- The event referenced the entity and the customer separately, and nothing said they agreed: an event of entity FR
-- could name a customer of entity KE. The pair (customer, entity) referencing the customer's own pair says both
-- at once, and costs PostgreSQL one look-up per inserted row instead of two (row by row, for every event, a bulk
-- import's million included). The customer's entity references the entity, so the entity still exists.
--
-- NOT VALID then VALIDATE: adding the constraint does not block writers while the existing rows are checked.
alter table subject add constraint subject_id_entity unique (id, entity_code);

alter table consent_event
    drop constraint consent_event_entity_code_fkey,
    drop constraint consent_event_subject_id_fkey,
    add constraint consent_event_customer foreign key (subject_id, entity_code)
        references subject (id, entity_code) not valid;

alter table consent_event validate constraint consent_event_customer;
