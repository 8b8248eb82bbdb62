package io.custodia.server.requests;

import static io.custodia.server.requests.RequestStore.utc;

import io.custodia.core.register.ActivityDraft;
import io.custodia.core.taxonomy.Term;
import io.custodia.server.connectors.CollectedRecords;
import io.custodia.server.connectors.CollectionRecords;
import io.custodia.server.connectors.FieldValue;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import io.custodia.server.register.ActivityFilter;
import io.custodia.server.register.ActivityView;
import io.custodia.server.register.Register;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import io.custodia.server.taxonomy.Taxonomy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.ObjectMapper;

/**
 * The packages of access and portability requests: built from what every system gave, kept sealed under the
 * customer's own key for a limited time ({@code custodia.requests.package-retention}, 30 days by default), then
 * deleted by {@link HousekeepingPass}. Erasing the customer destroys the key, and the package with it.
 *
 * <p>A package has two forms: a JSON document with every record by system, dataset and collection, each field with
 * its data categories; and an HTML page, in the customer's language, that explains for each data category found why
 * it is processed (purposes and legal bases from the register), where it comes from and to whom it goes.
 */
@Component
class Packages {
    private final JdbcClient jdbc;
    private final TaskQueue queue;
    private final RequestStore store;
    private final Subjects subjects;
    private final Register register;
    private final Taxonomy taxonomy;
    private final Entities entities;
    private final Staff staff;
    private final ITemplateEngine templates;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration retention;

    @SuppressWarnings("TooManyParameters") // a package gathers what several features know
    Packages(
            JdbcClient jdbc,
            TaskQueue queue,
            RequestStore store,
            Subjects subjects,
            Register register,
            Taxonomy taxonomy,
            Entities entities,
            Staff staff,
            ITemplateEngine templates,
            ObjectMapper json,
            Clock clock,
            @Value("${custodia.requests.package-retention:P30D}") Duration retention) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.store = store;
        this.subjects = subjects;
        this.register = register;
        this.taxonomy = taxonomy;
        this.entities = entities;
        this.staff = staff;
        this.templates = templates;
        this.json = json;
        this.clock = clock;
        this.retention = retention;
    }

    /** Builds and stores the request's package, in the caller's transaction; a package already stored stays. */
    @Transactional(propagation = Propagation.MANDATORY)
    void build(RequestStore.Row request) {
        UUID subjectId = java.util.Objects.requireNonNull(request.subjectId());
        List<CollectedRecords> collected = new ArrayList<>();
        for (TaskQueue.SealedRecords sealed : queue.collected(request.id())) {
            subjects.unseal(subjectId, sealed.sealed())
                    .map(text -> json.readValue(text, CollectedRecords.class))
                    .ifPresent(collected::add);
        }
        GroupEntity group = entities.find(request.entityCode()).orElseThrow();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(retention);
        List<Category> categories = explain(request, collected);
        String document = json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(document(request, subjectId, collected, categories, now));
        String page = page(request, group, collected, categories, now, expiresAt);
        int stored = jdbc.sql("""
                        insert into data_request_package (request_id, created_at, expires_at, sealed_json, sealed_html)
                        values (?, ?, ?, ?, ?) on conflict (request_id) do nothing""")
                .params(
                        request.id(),
                        utc(now),
                        utc(expiresAt),
                        subjects.seal(subjectId, document),
                        subjects.seal(subjectId, page))
                .update();
        if (stored == 1) {
            store.event(request.id(), "package_ready", DataRequests.ACTOR, expiresAt.toString());
        }
    }

    /** When the request's package will be deleted, while there is one. */
    Optional<Instant> expiry(UUID requestId) {
        return jdbc.sql("select expires_at from data_request_package where request_id = ? and expires_at > ?")
                .params(requestId, utc(clock.instant()))
                .query(OffsetDateTime.class)
                .optional()
                .map(OffsetDateTime::toInstant);
    }

    /** The request's package in one form; empty when there is none, it expired, or the customer was erased. */
    @Transactional(readOnly = true)
    Optional<ResultPackage> read(RequestStore.Row request, ResultPackage.Format format) {
        UUID subjectId = request.subjectId();
        if (subjectId == null) {
            return Optional.empty();
        }
        return jdbc.sql("select sealed_json, sealed_html, expires_at from data_request_package"
                        + " where request_id = ? and expires_at > ?")
                .params(request.id(), utc(clock.instant()))
                .query((rs, n) -> new Stored(
                        rs.getString(format == ResultPackage.Format.JSON ? "sealed_json" : "sealed_html"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional()
                .flatMap(stored -> subjects.unseal(subjectId, stored.sealed())
                        .map(body -> new ResultPackage(request.id(), format, body, stored.expiresAt())));
    }

    private record Stored(String sealed, Instant expiresAt) {}

    /**
     * Deletes the packages that expired by {@code now}, noting it on each request's timeline.
     *
     * @return how many were deleted
     */
    @Transactional
    int purgeExpired(Instant now) {
        List<UUID> deleted = jdbc.sql("delete from data_request_package where expires_at <= ? returning request_id")
                .param(utc(now))
                .query(UUID.class)
                .list();
        deleted.forEach(id -> store.event(id, "package_deleted", DataRequests.ACTOR, null));
        return deleted.size();
    }

    /** What the register says of one data category found in the customer's records. */
    record Category(
            String key, String name, List<String> sources, List<PurposeUse> purposes, List<String> recipients) {}

    /** A purpose a data category is processed for, on a legal basis, by an activity. */
    record PurposeUse(
            String purpose,
            String name,
            @Nullable String legalBasis,
            String activity,
            @Nullable String explanation) {}

    private List<Category> explain(RequestStore.Row request, List<CollectedRecords> collected) {
        String language = request.language();
        Map<String, Set<String>> sources = new TreeMap<>();
        for (CollectedRecords records : collected) {
            for (CollectionRecords collection : records.collections()) {
                for (Map<String, FieldValue> row : collection.rows()) {
                    for (FieldValue field : row.values()) {
                        for (String category : field.dataCategories()) {
                            sources.computeIfAbsent(category, key -> new LinkedHashSet<>())
                                    .add(records.system());
                        }
                    }
                }
            }
        }
        return staff.asSystem(DataRequests.ACTOR, () -> {
            List<ActivityView> activities =
                    register.activities(new ActivityFilter(request.entityCode(), "active", null, null, null, null));
            Map<String, String> categoryNames = names(taxonomy.dataCategories(request.entityCode()), language);
            Map<String, String> purposeNames = names(taxonomy.purposes(request.entityCode()), language);
            List<Category> categories = new ArrayList<>();
            sources.forEach((category, systems) -> {
                List<PurposeUse> uses = new ArrayList<>();
                Set<String> recipients = new LinkedHashSet<>();
                for (ActivityView activity : activities) {
                    ActivityDraft content = activity.content();
                    if (content.dataCategories().stream().noneMatch(declared -> covers(declared, category))) {
                        continue;
                    }
                    for (ActivityDraft.PurposeUse purpose : content.purposes()) {
                        uses.add(new PurposeUse(
                                purpose.key(),
                                purposeNames.getOrDefault(purpose.key(), purpose.key()),
                                purpose.legalBasis(),
                                content.name(),
                                content.explanation()
                                        .getOrDefault(
                                                language, content.explanation().get("en"))));
                    }
                    recipients.addAll(content.recipients());
                }
                categories.add(new Category(
                        category,
                        categoryNames.getOrDefault(category, category),
                        List.copyOf(systems),
                        uses,
                        List.copyOf(recipients)));
            });
            return categories;
        });
    }

    /** Whether a declared category covers a found one: the same key, or a parent of it. */
    private static boolean covers(String declared, String found) {
        return found.equals(declared) || found.startsWith(declared + ".");
    }

    private static Map<String, String> names(List<Term> terms, String language) {
        Map<String, String> names = new LinkedHashMap<>();
        terms.forEach(term -> names.put(term.key().value(), term.name(language)));
        return names;
    }

    private Map<String, Object> document(
            RequestStore.Row request,
            UUID subjectId,
            List<CollectedRecords> collected,
            List<Category> categories,
            Instant now) {
        Map<String, Object> document = new LinkedHashMap<>();
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("id", request.id().toString());
        about.put("type", request.type().key());
        about.put("entity", request.entityCode());
        about.put("receivedAt", request.receivedAt().toString());
        about.put("createdAt", now.toString());
        document.put("request", about);
        List<Map<String, String>> identifiers = new ArrayList<>();
        for (SubjectIdentifier identifier : subjects.identifiers(subjectId)) {
            identifiers.add(Map.of("scheme", identifier.scheme().key(), "value", identifier.value()));
        }
        document.put("identifiers", identifiers);
        List<Map<String, Object>> records = new ArrayList<>();
        for (CollectedRecords system : collected) {
            for (CollectionRecords collection : system.collections()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("system", system.system());
                entry.put("dataset", collection.dataset());
                entry.put("collection", collection.collection());
                entry.put("records", collection.rows());
                records.add(entry);
            }
        }
        document.put("records", records);
        document.put("dataCategories", categories);
        return document;
    }

    /** A collection as the page shows it: the field names, then one line of values per record. */
    record Table(String system, String dataset, String collection, List<String> fields, List<List<String>> rows) {}

    private String page(
            RequestStore.Row request,
            GroupEntity group,
            List<CollectedRecords> collected,
            List<Category> categories,
            Instant now,
            Instant expiresAt) {
        List<Table> tables = new ArrayList<>();
        for (CollectedRecords system : collected) {
            for (CollectionRecords collection : system.collections()) {
                List<String> fields = new ArrayList<>();
                collection.rows().forEach(row -> row.keySet().stream()
                        .filter(field -> !fields.contains(field))
                        .forEach(fields::add));
                List<List<String>> rows = new ArrayList<>();
                for (Map<String, FieldValue> row : collection.rows()) {
                    List<String> line = new ArrayList<>();
                    for (String field : fields) {
                        FieldValue value = row.get(field);
                        line.add(value == null || value.value() == null ? "" : String.valueOf(value.value()));
                    }
                    rows.add(line);
                }
                tables.add(new Table(system.system(), collection.dataset(), collection.collection(), fields, rows));
            }
        }
        Context context = new Context(Locale.forLanguageTag(request.language()));
        context.setVariable("company", group);
        context.setVariable("request", request);
        context.setVariable("type", request.type().key());
        context.setVariable("categories", categories);
        context.setVariable("tables", tables);
        context.setVariable("createdAt", now.atZone(group.timeZone()).toLocalDate());
        context.setVariable("expiresAt", expiresAt.atZone(group.timeZone()).toLocalDate());
        return templates.process("requests/package", context);
    }
}
