package io.custodia.server.register;

import io.custodia.core.ConflictException;
import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.register.ActivityDraft;
import io.custodia.core.register.ActivityStatus;
import io.custodia.core.register.Findings;
import io.custodia.core.register.Recipient;
import io.custodia.core.register.RegisterCatalog;
import io.custodia.core.register.RegisterRules;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import io.custodia.server.taxonomy.Taxonomy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The register feature's facade: the processing activities of the entities the current staff member may see,
 * and the systems, datasets and recipients they refer to.
 *
 * <p>Every read is limited to the caller's entity scope, and an activity of another entity answers exactly like
 * a missing one ({@link NotFoundException}). Every write is checked by {@link RegisterRules}, audited in the same
 * transaction and, for activities and recipients, announced with {@link ActivityChanged} and {@link
 * RecipientChanged}. Methods need a signed-in staff member.
 */
@Service
public class Register {
    private final StoredActivities activities;
    private final StoredCatalog catalog;
    private final Taxonomy taxonomy;
    private final Entities entities;
    private final Staff staff;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ObjectProvider<RegisterImport> importer;

    Register(
            StoredActivities activities,
            StoredCatalog catalog,
            Taxonomy taxonomy,
            Entities entities,
            Staff staff,
            AuditTrail audit,
            ApplicationEventPublisher events,
            Clock clock,
            ObjectProvider<RegisterImport> importer) {
        this.activities = activities;
        this.catalog = catalog;
        this.taxonomy = taxonomy;
        this.entities = entities;
        this.staff = staff;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.importer = importer;
    }

    /**
     * Loads one entity's register from a YAML or JSON document (systems, datasets, recipients, activities), all
     * or nothing.
     *
     * @throws InvalidInputException naming every broken rule by its path, e.g. {@code activities[2].purposes[0].key}
     */
    public RegisterImportSummary importDocument(String document) {
        return importer.getObject().load(RegisterImport.parse(document));
    }

    /** The activities the caller may see that match the filter, by entity then name. */
    @Transactional(readOnly = true)
    public List<ActivityView> activities(ActivityFilter filter) {
        return activities.list(entityCodes(filter.entity()), filter);
    }

    /**
     * One activity, with what it still lacks before it may be active as warnings (including keys that the
     * taxonomy or catalog no longer knows).
     *
     * @throws NotFoundException when it does not exist or belongs to an entity outside the caller's scope
     */
    @Transactional(readOnly = true)
    public ActivityView activity(UUID id) {
        ActivityView activity = visible(activities.find(id), id);
        return activity.withWarnings(RegisterRules.check(activity.content(), catalogOf(activity.entity()))
                .all());
    }

    /**
     * Records a new activity as a draft or directly as active.
     *
     * @throws InvalidInputException listing every broken rule; for an active activity, every gap too
     * @throws NotFoundException when the entity is outside the caller's scope
     */
    @Transactional
    public ActivityView create(String entityCode, ActivityDraft draft, ActivityStatus status) {
        GroupEntity entity = entities.visible(entityCode);
        return insert(entity.code(), UUID.randomUUID(), draft, status, catalogOf(entity.code()));
    }

    /**
     * Replaces an activity's content, keeping its status.
     *
     * @param expectedVersion the version the caller edited
     * @throws ConflictException when someone else changed it since that version, or it is retired
     * @throws InvalidInputException listing every broken rule; for an active activity, every gap too
     */
    @Transactional
    public ActivityView update(UUID id, ActivityDraft draft, long expectedVersion) {
        ActivityView current = visible(activities.lock(id), id);
        if (current.version() != expectedVersion) {
            throw new ConflictException("Activity " + id + " was changed since version " + expectedVersion
                    + " (it is at version " + current.version() + "): reload it and apply your edit again");
        }
        return replace(current, draft, current.statusValue(), current.statusReason(), catalogOf(current.entity()));
    }

    /**
     * Moves an activity to another status: draft → active, active ⇄ halted, any → retired.
     *
     * @param reason why, in words (kept with the activity and in the audit log); may be blank
     * @throws ConflictException when the move is not allowed (retired is final)
     * @throws InvalidInputException when activating an activity that still has gaps, listing them
     */
    @Transactional
    public ActivityView changeStatus(UUID id, ActivityStatus status, String reason) {
        ActivityView current = visible(activities.lock(id), id);
        if (current.statusValue() == status) {
            throw new ConflictException("Activity " + id + " is " + status.key() + " already");
        }
        return replace(
                current,
                current.content(),
                status,
                reason.isBlank() ? null : reason.strip(),
                catalogOf(current.entity()));
    }

    /** The systems of the entities the caller may see, or of one of them. */
    @Transactional(readOnly = true)
    public List<SystemEntry> systems(@Nullable String entityCode) {
        return catalog.systems(entityCodes(entityCode));
    }

    /** The datasets of the entities the caller may see, or of one of them. */
    @Transactional(readOnly = true)
    public List<DatasetEntry> datasets(@Nullable String entityCode) {
        return catalog.datasets(entityCodes(entityCode));
    }

    /**
     * An entity's recipients as the register's rules see them, whoever asks: for the features that compile an
     * entity's rules (decisions), which answer to callers of their own.
     */
    @Transactional(readOnly = true)
    public List<Recipient> recipientsOf(String entityCode) {
        return catalog.recipientsOf(entityCode);
    }

    /** The recipients of the entities the caller may see, or of one of them. */
    @Transactional(readOnly = true)
    public List<RecipientEntry> recipients(@Nullable String entityCode) {
        return catalog.recipients(entityCodes(entityCode));
    }

    /**
     * Adds a system.
     *
     * @throws ConflictException when the entity has a system with that key already
     */
    @Transactional
    public SystemEntry createSystem(SystemEntry system) {
        visibleEntity(system.entity());
        CatalogChecks.require(CatalogChecks.system(system, ""));
        requireNew("system", system.entity(), system.key());
        catalog.saveSystem(system, now(), false);
        audit.record(staff.actor(), "system.created", "register_system", system.key(), system.entity(), system);
        return system;
    }

    /**
     * Adds a dataset; its system and data categories must exist.
     *
     * @throws ConflictException when the entity has a dataset with that key already
     */
    @Transactional
    public DatasetEntry createDataset(DatasetEntry dataset) {
        visibleEntity(dataset.entity());
        CatalogChecks.require(CatalogChecks.dataset(dataset, "", catalogOf(dataset.entity())));
        requireNew("dataset", dataset.entity(), dataset.key());
        catalog.saveDataset(dataset, now(), false);
        audit.record(staff.actor(), "dataset.created", "register_dataset", dataset.key(), dataset.entity(), dataset);
        return dataset;
    }

    /**
     * Adds a recipient.
     *
     * @throws ConflictException when the entity has a recipient with that key already
     */
    @Transactional
    public RecipientEntry createRecipient(RecipientEntry entry) {
        visibleEntity(entry.entity());
        CatalogChecks.require(CatalogChecks.recipient(entry, ""));
        RecipientEntry recipient = CatalogChecks.canonical(entry);
        requireNew("recipient", recipient.entity(), recipient.key());
        catalog.saveRecipient(recipient, now(), false);
        audit.record(
                staff.actor(),
                "recipient.created",
                "register_recipient",
                recipient.key(),
                recipient.entity(),
                recipient);
        events.publishEvent(new RecipientChanged(recipient.entity(), recipient.key()));
        return recipient;
    }

    /**
     * The entity a new catalog entry names, when the caller may see it. The records declare it non-null, but it
     * comes from a request body that may leave it out.
     */
    private void visibleEntity(@Nullable String entityCode) {
        if (entityCode == null || entityCode.isBlank()) {
            throw InvalidInputException.of("entity", "the entity code is required");
        }
        entities.visible(entityCode);
    }

    /** The rules' view of one entity's taxonomy and catalog, as stored now. */
    RegisterCatalog catalogOf(String entityCode) {
        return new EntityCatalog(entityCode, taxonomy, catalog);
    }

    /** The entity codes the caller may see, narrowed to one when asked; a code outside the scope gives none. */
    List<String> entityCodes(@Nullable String entityCode) {
        return entities.visible().stream()
                .map(GroupEntity::code)
                .filter(code -> entityCode == null || code.equals(entityCode))
                .toList();
    }

    /** Writes a new activity after checking it; used by {@link #create} and by imports. */
    ActivityView insert(
            String entityCode, UUID id, ActivityDraft draft, ActivityStatus status, RegisterCatalog entityCatalog) {
        if (status != ActivityStatus.DRAFT && status != ActivityStatus.ACTIVE) {
            throw InvalidInputException.of("status", "a new activity starts as draft or active");
        }
        Findings findings = RegisterRules.check(draft, entityCatalog);
        requireAcceptable(findings, status);
        activities.insert(id, entityCode, status, RegisterRules.canonical(draft), now());
        ActivityView written = activities.find(id).orElseThrow();
        announce("activity.created", written, Map.of());
        return written.withWarnings(findings.gaps());
    }

    /** Rewrites a locked activity after checking the move and the content; used by updates, status changes, imports. */
    ActivityView replace(
            ActivityView current,
            ActivityDraft draft,
            ActivityStatus status,
            @Nullable String reason,
            RegisterCatalog entityCatalog) {
        ActivityStatus from = current.statusValue();
        if (from == ActivityStatus.RETIRED) {
            throw new ConflictException("Activity " + current.id() + " is retired: a retired activity is final");
        }
        if (status != from && !from.mayBecome(status)) {
            throw new ConflictException("An activity cannot go from " + from.key() + " to " + status.key()
                    + "; allowed: draft → active, active → halted, halted → active, any → retired");
        }
        // Halting and retiring must always work, even when the taxonomy or catalog changed under the activity:
        // stopping a use of data never waits for its record to be tidied up.
        boolean contentChanged = !RegisterRules.canonical(draft).equals(current.content());
        Findings findings = RegisterRules.check(draft, entityCatalog);
        if (contentChanged || status == ActivityStatus.ACTIVE) {
            requireAcceptable(findings, status);
        }
        activities.update(
                current.id(),
                status,
                status == from ? current.statusReason() : reason,
                RegisterRules.canonical(draft),
                now());
        ActivityView written = activities.find(current.id()).orElseThrow();
        announce(
                status == from ? "activity.updated" : "activity.status_changed",
                written,
                status == from ? Map.of() : Map.of("from", from.key(), "reason", reason == null ? "" : reason));
        return written.withWarnings(findings.gaps());
    }

    ActivityView visible(Optional<ActivityView> found, UUID id) {
        return found.filter(activity -> staff.scope().includes(activity.entity()))
                .orElseThrow(() -> new NotFoundException("No activity " + id));
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireAcceptable(Findings findings, ActivityStatus status) {
        if (!findings.storable() && status != ActivityStatus.ACTIVE) {
            throw new InvalidInputException("The activity has invalid fields", findings.errors());
        }
        if (status == ActivityStatus.ACTIVE && !findings.complete()) {
            throw new InvalidInputException(
                    "An active activity needs every field of the register: complete these first", findings.all());
        }
    }

    private void requireNew(String kind, String entityCode, String key) {
        if (catalog.exists(kind, entityCode, key)) {
            throw new ConflictException("Entity " + entityCode + " has a " + kind + " '" + key + "' already");
        }
    }

    private void announce(String action, ActivityView activity, Map<String, String> details) {
        audit.record(
                staff.actor(),
                action,
                "activity",
                activity.id().toString(),
                activity.entity(),
                Map.of("activity", activity, "details", details));
        events.publishEvent(new ActivityChanged(activity.id(), activity.entity(), activity.status()));
    }

    /** The field errors of a failed write, for callers that collect them (imports). */
    static List<FieldError> errorsOf(InvalidInputException e, String prefix) {
        return e.errors().stream()
                .map(error -> new FieldError(prefix + error.field(), error.message()))
                .toList();
    }
}
