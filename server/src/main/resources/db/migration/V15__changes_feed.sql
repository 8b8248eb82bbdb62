-- The changes feed reads the log in commit order. A row's log id is taken when it is written, so transactions may
-- commit out of id order; its feed position is given after its transaction committed, by one sequencer, in the order
-- rows became visible (io.custodia.server.changes.ChangeSequencer). A follower that has read up to a position never
-- misses a row that commits later: that row gets a higher position.
alter table change_log rename column position to id;
alter sequence change_log_position_seq rename to change_log_id_seq;
alter table change_log add column position bigint unique;
-- Rows written before the feed existed were appended under the audit chain's lock, in commit order: their ids are
-- their positions.
update change_log set position = id;
create index change_log_unsequenced on change_log (id) where position is null;

-- The last position given; only the sequencer locks and moves it.
create table change_head (
    id       smallint primary key default 1 check (id = 1),
    position bigint   not null
);
insert into change_head (id, position) select 1, coalesce(max(position), 0) from change_log;
