-- Minors: an age band that names each year from 13 to 17 (the ages of digital consent fall on each of them), the day
-- it was recorded (the customer can only have grown older since), and the holders of parental responsibility who may
-- consent for a child (GDPR Art. 8 and its equivalents).
alter table subject drop constraint subject_age_band;
-- The old bands straddled thresholds; each becomes its youngest year, which errs towards protecting the child.
update subject set age_band = 'AGE_13' where age_band = 'FROM_13_TO_15';
update subject set age_band = 'AGE_16' where age_band = 'FROM_16_TO_17';
alter table subject add constraint subject_age_band
    check (age_band in ('UNDER_13', 'AGE_13', 'AGE_14', 'AGE_15', 'AGE_16', 'AGE_17', 'ADULT', 'UNKNOWN'));
alter table subject add column age_recorded_on date not null default current_date;

-- A guardian is a subject of the same entity (a parent is often a customer too). The link says how the company
-- verified the parental responsibility; it is audited, and revoking it keeps the row for the proof.
create table subject_guardian (
    child_id     uuid         not null references subject (id) on delete cascade,
    guardian_id  uuid         not null references subject (id) on delete cascade,
    verification varchar(200) not null,
    linked_at    timestamptz  not null,
    revoked_at   timestamptz,
    primary key (child_id, guardian_id),
    constraint subject_guardian_not_self check (child_id <> guardian_id)
);
create index subject_guardian_guardian on subject_guardian (guardian_id);
