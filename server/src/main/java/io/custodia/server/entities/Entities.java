package io.custodia.server.entities;

import io.custodia.core.ConflictException;
import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.jurisdiction.JurisdictionPack;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.jurisdiction.LegalClock;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.identity.Staff;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The entities feature's facade: the companies of the group and the jurisdiction that governs each. */
@Service
public class Entities {
    /** The length of the name column: a longer name is refused as input rather than failing in the database. */
    private static final int MAX_NAME = 200;

    private final JdbcClient jdbc;
    private final Staff staff;
    private final AuditTrail audit;
    private final JurisdictionPacks packs;
    private final Clock clock;

    Entities(JdbcClient jdbc, Staff staff, AuditTrail audit, JurisdictionPacks packs, Clock clock) {
        this.jdbc = jdbc;
        this.staff = staff;
        this.audit = audit;
        this.packs = packs;
        this.clock = clock;
    }

    /** The jurisdiction packs in force (built-in, with the overrides of the home folder). */
    public JurisdictionPacks jurisdictions() {
        return packs;
    }

    /** The jurisdiction pack that governs an entity. */
    public JurisdictionPack jurisdiction(GroupEntity entity) {
        return packs.get(entity.jurisdiction());
    }

    /** The legal clock of an entity: its pack's deadlines, counted in the entity's own time zone. */
    public LegalClock legalClock(GroupEntity entity) {
        return new LegalClock(jurisdiction(entity), entity.timeZone(), clock);
    }

    /** Every entity, whoever asks; for system tasks such as the demo loader. */
    public List<GroupEntity> all() {
        return jdbc.sql("select code, name, jurisdiction, time_zone, country from entity order by code")
                .query((rs, row) -> new GroupEntity(
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getString("jurisdiction"),
                        ZoneId.of(rs.getString("time_zone")),
                        rs.getString("country")))
                .list();
    }

    /** The entities the current staff member may see. */
    public List<GroupEntity> visible() {
        var scope = staff.scope();
        return all().stream().filter(entity -> scope.includes(entity.code())).toList();
    }

    /** An entity by code, regardless of who asks. */
    public Optional<GroupEntity> find(String code) {
        return all().stream().filter(entity -> entity.code().equals(code)).findFirst();
    }

    /**
     * An entity the current staff member may see.
     *
     * @throws NotFoundException when it does not exist or is outside their scope
     */
    public GroupEntity visible(String code) {
        return find(code)
                .filter(entity -> staff.scope().includes(code))
                .orElseThrow(() -> new NotFoundException("No entity " + code));
    }

    /**
     * Creates an entity from the fields of a request, reporting every invalid field at once.
     *
     * @throws InvalidInputException naming each invalid field; nothing is stored
     * @throws ConflictException when the code is taken
     */
    @Transactional
    public GroupEntity create(String code, String name, String jurisdiction, String timeZone, String country) {
        @Nullable ZoneId zone = null;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            // reported below with the other fields
        }
        List<FieldError> errors = validate(code, name, jurisdiction, country);
        if (zone == null) {
            errors.add(new FieldError("timeZone", "is not an IANA time zone such as Europe/Paris"));
        }
        if (!errors.isEmpty() || zone == null) {
            throw new InvalidInputException("The entity has invalid fields", errors);
        }
        return create(new GroupEntity(code, name, jurisdiction, zone, country));
    }

    /** Creates an entity; the code must be new. */
    @Transactional
    public GroupEntity create(GroupEntity entity) {
        List<FieldError> errors = validate(entity.code(), entity.name(), entity.jurisdiction(), entity.country());
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The entity has invalid fields", errors);
        }
        if (find(entity.code()).isPresent()) {
            throw new ConflictException("An entity with code " + entity.code() + " exists already");
        }
        jdbc.sql("insert into entity (code, name, jurisdiction, time_zone, country) values (?, ?, ?, ?, ?)")
                .params(
                        entity.code(),
                        entity.name(),
                        entity.jurisdiction(),
                        entity.timeZone().getId(),
                        entity.country())
                .update();
        audit.record(staff.actor(), "entity.created", "entity", entity.code(), entity.code(), entity);
        return entity;
    }

    private List<FieldError> validate(String code, String name, String jurisdiction, String country) {
        List<FieldError> errors = new ArrayList<>();
        if (!code.matches("^[A-Z][A-Z0-9_]{1,7}$")) {
            errors.add(new FieldError("code", "must be 2 to 8 upper-case letters, digits or _"));
        }
        if (name.isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "must have at most " + MAX_NAME + " characters"));
        }
        if (packs.find(jurisdiction).isEmpty()) {
            errors.add(new FieldError(
                    "jurisdiction",
                    "'" + jurisdiction + "' is not a jurisdiction pack; known: "
                            + String.join(", ", new TreeSet<>(packs.codes()))));
        }
        if (!country.matches("^[A-Z]{2}$")) {
            errors.add(new FieldError("country", "must be an ISO 3166-1 alpha-2 code"));
        }
        return errors;
    }
}
