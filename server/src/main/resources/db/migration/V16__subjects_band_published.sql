-- The age band last published on the changes feed for each customer (as of the day it was published), so that a
-- pass can publish the flags of children whose band has aged since: a replica keeps the band it was sent.
alter table subject add column band_published varchar(16) not null default 'UNKNOWN';
update subject set band_published = age_band;
create index subject_children on subject (entity_code) where age_band not in ('UNKNOWN', 'ADULT');
