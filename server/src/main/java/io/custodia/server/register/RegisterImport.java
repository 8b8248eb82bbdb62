package io.custodia.server.register;

import io.custodia.core.ConflictException;
import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.register.ActivityDraft;
import io.custodia.core.register.ActivityStatus;
import io.custodia.core.register.RegisterCatalog;
import io.custodia.core.register.RegisterRules;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.entities.Entities;
import io.custodia.server.identity.Staff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads one entity's register from a YAML (or JSON) document: systems, recipients and datasets are added or
 * replaced by key, activities are created, or updated when they carry the id of one of that entity's.
 *
 * <p>All or nothing: everything is written in one transaction, and any broken rule anywhere in the document
 * rolls it all back with every error named by its path, e.g. {@code activities[2].purposes[0].key}.
 */
@Service
class RegisterImport {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Register register;
    private final StoredCatalog catalog;
    private final StoredActivities activities;
    private final Entities entities;
    private final Staff staff;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    RegisterImport(
            Register register,
            StoredCatalog catalog,
            StoredActivities activities,
            Entities entities,
            Staff staff,
            AuditTrail audit,
            ApplicationEventPublisher events) {
        this.events = events;
        this.register = register;
        this.catalog = catalog;
        this.activities = activities;
        this.entities = entities;
        this.staff = staff;
        this.audit = audit;
    }

    /** Parses a document, failing with the path of the first unreadable field. */
    static RegisterDocument parse(String text) {
        try {
            return YAML.readValue(text, RegisterDocument.class);
        } catch (DatabindException e) {
            String field = e.getPath().stream()
                    .map(ref ->
                            ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .reduce("", String::concat)
                    .replaceFirst("^\\.", "");
            throw InvalidInputException.of(
                    field.isEmpty() ? "document" : field, "cannot be read: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw InvalidInputException.of("document", "is not readable YAML: " + e.getOriginalMessage());
        }
    }

    @Transactional
    RegisterImportSummary load(RegisterDocument document) {
        if (document.entity() == null || document.entity().isBlank()) {
            throw InvalidInputException.of("entity", "the document names the entity it describes");
        }
        String entity = entities.visible(document.entity().strip()).code();
        List<FieldError> errors = new ArrayList<>();
        Instant now = register.now();

        List<Item<SystemEntry>> systems = items(
                document.systems(),
                "systems",
                entity,
                errors,
                (system, code) -> new SystemEntry(
                        code,
                        system.key(),
                        system.name(),
                        system.description(),
                        system.ownerTeam(),
                        system.hostingCountry()),
                SystemEntry::entity);
        for (Item<SystemEntry> item : systems) {
            SystemEntry system = item.value();
            List<FieldError> found = CatalogChecks.system(system, "systems[" + item.index() + "].");
            errors.addAll(found);
            if (found.isEmpty()) {
                catalog.saveSystem(system, now, true);
                audit.record(staff.actor(), "system.imported", "register_system", system.key(), entity, system);
            }
        }
        List<Item<RecipientEntry>> recipients = items(
                document.recipients(),
                "recipients",
                entity,
                errors,
                (recipient, code) -> new RecipientEntry(
                        code,
                        recipient.key(),
                        recipient.name(),
                        recipient.role(),
                        recipient.country(),
                        recipient.dpaReference(),
                        recipient.dpaExpiresOn(),
                        recipient.status(),
                        recipient.dpfCertified()),
                RecipientEntry::entity);
        for (Item<RecipientEntry> item : recipients) {
            List<FieldError> found = CatalogChecks.recipient(item.value(), "recipients[" + item.index() + "].");
            errors.addAll(found);
            if (found.isEmpty()) {
                RecipientEntry recipient = CatalogChecks.canonical(item.value());
                catalog.saveRecipient(recipient, now, true);
                audit.record(
                        staff.actor(), "recipient.imported", "register_recipient", recipient.key(), entity, recipient);
                events.publishEvent(new RecipientChanged(entity, recipient.key()));
            }
        }
        List<Item<DatasetEntry>> datasets = items(
                document.datasets(),
                "datasets",
                entity,
                errors,
                (dataset, code) -> new DatasetEntry(
                        code,
                        dataset.key(),
                        dataset.name(),
                        dataset.system(),
                        dataset.dataCategories(),
                        dataset.retentionNote()),
                DatasetEntry::entity);
        RegisterCatalog withSystems = register.catalogOf(entity);
        for (Item<DatasetEntry> item : datasets) {
            DatasetEntry dataset = item.value();
            List<FieldError> found = CatalogChecks.dataset(dataset, "datasets[" + item.index() + "].", withSystems);
            errors.addAll(found);
            if (found.isEmpty()) {
                catalog.saveDataset(dataset, now, true);
                audit.record(staff.actor(), "dataset.imported", "register_dataset", dataset.key(), entity, dataset);
            }
        }

        // Read again: activities may refer to the datasets just saved.
        RegisterCatalog entityCatalog = register.catalogOf(entity);
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<ActivityRequest> requests = document.activities() == null ? List.of() : document.activities();
        for (int i = 0; i < requests.size(); i++) {
            String prefix = "activities[" + i + "].";
            ActivityRequest request = requests.get(i);
            if (request == null) {
                continue;
            }
            try {
                if (request.entity() != null && !request.entity().equals(entity)) {
                    throw InvalidInputException.of("entity", "belongs to " + entity + ", the document's entity");
                }
                ActivityStatus status =
                        request.status() == null ? ActivityStatus.DRAFT : ActivityStatus.of("status", request.status());
                ActivityDraft draft = request.draft();
                Optional<ActivityView> existing = existing(request.id(), entity);
                if (existing.isEmpty()) {
                    register.insert(
                            entity,
                            request.id() == null ? UUID.randomUUID() : request.id(),
                            draft,
                            status,
                            entityCatalog);
                    created++;
                } else if (existing.get().statusValue() == status
                        && existing.get().content().equals(RegisterRules.canonical(draft))) {
                    unchanged++;
                } else {
                    register.replace(
                            existing.get(), draft, status, existing.get().statusReason(), entityCatalog);
                    updated++;
                }
            } catch (InvalidInputException e) {
                errors.addAll(Register.errorsOf(e, prefix));
            } catch (ConflictException e) {
                errors.add(new FieldError(prefix + "status", Objects.requireNonNullElse(e.getMessage(), "conflicts")));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The document has errors; nothing was imported", errors);
        }
        audit.record(staff.actor(), "register.imported", "register", entity, entity, document);
        return new RegisterImportSummary(
                entity, systems.size(), datasets.size(), recipients.size(), created, updated, unchanged);
    }

    /** The activity an imported id names: one of this entity's, or none when the id is new. */
    private Optional<ActivityView> existing(@Nullable UUID id, String entity) {
        if (id == null) {
            return Optional.empty();
        }
        Optional<ActivityView> found = activities.lock(id);
        if (found.isPresent() && !found.get().entity().equals(entity)) {
            throw InvalidInputException.of("id", "cannot be used here; leave it out to create a new activity");
        }
        return found;
    }

    /** An item of one of the document's lists, with its position there so that errors name what the reader wrote. */
    private record Item<T>(int index, T value) {}

    /**
     * The items of one list with the document's entity filled in, empty items left out; an item naming another
     * entity is an error.
     */
    private static <T> List<Item<T>> items(
            @Nullable List<T> items,
            String field,
            String entity,
            List<FieldError> errors,
            BiFunction<T, String, T> withEntity,
            Function<T, @Nullable String> entityOf) {
        if (items == null) {
            return List.of();
        }
        List<Item<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            if (item == null) {
                continue;
            }
            String named = entityOf.apply(item);
            if (named != null && !named.equals(entity)) {
                errors.add(new FieldError(
                        field + "[" + i + "].entity", "belongs to " + entity + ", the document's entity"));
            }
            result.add(new Item<>(i, withEntity.apply(item, entity)));
        }
        return result;
    }
}
