package io.custodia.server.register;

import io.custodia.core.register.ActivityDraft;
import io.custodia.core.register.ActivityDraft.PurposeUse;
import io.custodia.core.register.Art9Condition;
import io.custodia.core.register.RecipientRole;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.taxonomy.Taxonomy;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The register in the forms people and machines read it: CSV, JSON, W3C DPV JSON-LD and a printable Art. 30
 * report. Callers choose what the reader may see; this class only formats.
 */
@Component
class RegisterExports {
    static final String DPV = "https://w3id.org/dpv#";
    static final String DPV_PD = "https://w3id.org/dpv/pd#";

    private static final List<String> CSV_HEADER = List.of(
            "id",
            "entity",
            "name",
            "status",
            "controller_contact",
            "dpo_contact",
            "purposes",
            "art9_condition",
            "data_categories",
            "subject_types",
            "systems",
            "datasets",
            "recipients",
            "transfers",
            "retention_period",
            "retention_trigger",
            "security_measures",
            "review_id",
            "version",
            "updated_at");

    private final Register register;
    private final Taxonomy taxonomy;
    private final Entities entities;
    private final ITemplateEngine templates;
    private final MessageSource messages;
    private final Clock clock;

    RegisterExports(
            Register register,
            Taxonomy taxonomy,
            Entities entities,
            ITemplateEngine templates,
            MessageSource messages,
            Clock clock) {
        this.register = register;
        this.taxonomy = taxonomy;
        this.entities = entities;
        this.templates = templates;
        this.messages = messages;
        this.clock = clock;
    }

    /** One row per activity under a header row; lists are joined with "; ". */
    String csv(List<ActivityView> activities) {
        var out = new StringWriter();
        try (var printer = new CSVPrinter(
                out,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(CSV_HEADER.toArray(String[]::new))
                        .get())) {
            for (ActivityView activity : activities) {
                ActivityDraft draft = activity.content();
                var retention = draft.retention();
                printer.printRecord(
                        activity.id(),
                        activity.entity(),
                        draft.name(),
                        activity.status(),
                        draft.controllerContact(),
                        draft.dpoContact(),
                        join(draft.purposes(), purpose -> purpose.key() + " (" + orBlank(purpose.legalBasis()) + ")"),
                        draft.art9Condition(),
                        String.join("; ", draft.dataCategories()),
                        String.join("; ", draft.subjectTypes()),
                        String.join("; ", draft.systems()),
                        String.join("; ", draft.datasets()),
                        String.join("; ", draft.recipients()),
                        join(
                                draft.transfers(),
                                transfer -> transfer.country()
                                        + (transfer.recipient() == null ? "" : " " + transfer.recipient()) + ": "
                                        + orBlank(transfer.safeguard())),
                        retention == null ? null : retention.period(),
                        retention == null ? null : retention.trigger(),
                        String.join("; ", draft.securityMeasures()),
                        draft.reviewId(),
                        activity.version(),
                        activity.updatedAt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The register of the given entities as one document per entity, the shape imports read back. */
    List<Map<String, Object>> json(List<String> entityCodes) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String code : entityCodes) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("entity", code);
            document.put("generatedAt", clock.instant());
            document.put("systems", register.systems(code));
            document.put("datasets", register.datasets(code));
            document.put("recipients", register.recipients(code));
            document.put("activities", register.activities(ActivityFilter.ofEntity(code)));
            documents.add(document);
        }
        return documents;
    }

    /**
     * The activities as W3C DPV 2 JSON-LD: each one a {@code dpv:PersonalDataHandling} (and
     * {@code dpv:PersonalDataProcess}, which DPV recommends in its place) with its purposes, legal bases, personal
     * data, data subjects, recipients, storage duration and measures. What DPV has no term for is under the
     * {@code custodia:} prefix.
     */
    Map<String, Object> jsonLd(List<ActivityView> activities) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("dpv", DPV);
        context.put("pd", DPV_PD);
        context.put("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
        context.put("rdfs", "http://www.w3.org/2000/01/rdf-schema#");
        context.put("xsd", "http://www.w3.org/2001/XMLSchema#");
        context.put("custodia", "urn:custodia:vocab:");
        Map<String, Map<String, RecipientEntry>> recipients = new LinkedHashMap<>();
        List<Object> graph = new ArrayList<>();
        for (ActivityView activity : activities) {
            Map<String, RecipientEntry> ofEntity =
                    recipients.computeIfAbsent(activity.entity(), code -> register.recipients(code).stream()
                            .collect(Collectors.toMap(RecipientEntry::key, Function.identity())));
            graph.add(activityNode(activity, ofEntity));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("@context", context);
        document.put("@graph", graph);
        return document;
    }

    private Map<String, Object> activityNode(ActivityView activity, Map<String, RecipientEntry> recipients) {
        ActivityDraft draft = activity.content();
        String entityCode = activity.entity();
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("@id", "urn:uuid:" + activity.id());
        node.put("@type", List.of("dpv:PersonalDataHandling", "dpv:PersonalDataProcess"));
        node.put("rdfs:label", draft.name());
        node.put("custodia:entity", entityCode);
        node.put(
                "dpv:hasStatus",
                id(DPV
                        + switch (activity.statusValue()) {
                            case DRAFT -> "ActivityProposed";
                            case ACTIVE -> "ActivityOngoing";
                            case HALTED -> "ActivityHalted";
                            case RETIRED -> "ActivityCompleted";
                        }));
        Map<String, Object> controller = new LinkedHashMap<>();
        controller.put("@type", "dpv:DataController");
        controller.put(
                "rdfs:label", entities.find(entityCode).map(GroupEntity::name).orElse(entityCode));
        putIfPresent(controller, "custodia:contact", draft.controllerContact());
        node.put("dpv:hasDataController", controller);
        if (draft.dpoContact() != null) {
            node.put(
                    "dpv:hasDataProtectionOfficer",
                    Map.of("@type", "dpv:DataProtectionOfficer", "custodia:contact", draft.dpoContact()));
        }
        List<Object> processes = new ArrayList<>();
        LinkedHashSet<String> purposeIris = new LinkedHashSet<>();
        LinkedHashSet<String> basisIris = new LinkedHashSet<>();
        for (PurposeUse purpose : draft.purposes()) {
            Map<String, Object> process = new LinkedHashMap<>();
            process.put("@type", "dpv:Process");
            process.put("custodia:purpose", purpose.key());
            term(TermKind.PURPOSE, entityCode, purpose.key()).ifPresent(term -> {
                purposeIris.add(term.dpv());
                process.put("dpv:hasPurpose", id(term.dpv()));
            });
            legalBasis(purpose).ifPresent(basis -> {
                basisIris.add(basis.dpv());
                process.put("dpv:hasLegalBasis", id(basis.dpv()));
            });
            putIfPresent(process, "custodia:notice", purpose.notice());
            putIfPresent(process, "custodia:renewalPeriod", purpose.renewalPeriod());
            processes.add(process);
        }
        node.put("dpv:hasPurpose", purposeIris.stream().map(RegisterExports::id).toList());
        node.put(
                "dpv:hasLegalBasis", basisIris.stream().map(RegisterExports::id).toList());
        node.put("dpv:hasProcess", processes);
        node.put("dpv:hasPersonalData", iris(TermKind.DATA_CATEGORY, entityCode, draft.dataCategories()));
        node.put("custodia:dataCategories", draft.dataCategories());
        putIfPresent(node, "custodia:art9Condition", draft.art9Condition());
        node.put("dpv:hasDataSubject", iris(TermKind.SUBJECT_TYPE, entityCode, draft.subjectTypes()));
        node.put("custodia:subjectTypes", draft.subjectTypes());
        node.put(
                "dpv:hasRecipient",
                draft.recipients().stream()
                        .map(key -> recipientNode(entityCode, key, recipients.get(key)))
                        .toList());
        node.put(
                "custodia:transfers",
                draft.transfers().stream()
                        .map(transfer -> {
                            Map<String, Object> item = new LinkedHashMap<>();
                            item.put("custodia:country", transfer.country());
                            putIfPresent(item, "custodia:recipient", transfer.recipient());
                            item.put(
                                    "custodia:safeguard", transfer.safeguard() == null ? "none" : transfer.safeguard());
                            return item;
                        })
                        .toList());
        var retention = draft.retention();
        if (retention != null && retention.period() != null) {
            Map<String, Object> storage = new LinkedHashMap<>();
            storage.put("@type", "dpv:StorageDuration");
            storage.put(
                    "dpv:hasDuration",
                    Map.of(
                            "@type",
                            "dpv:TemporalDuration",
                            "rdf:value",
                            Map.of("@value", retention.period(), "@type", "xsd:duration")));
            putIfPresent(storage, "rdfs:comment", retention.trigger());
            node.put("dpv:hasStorageCondition", storage);
        }
        node.put(
                "dpv:hasTechnicalOrganisationalMeasure",
                draft.securityMeasures().stream()
                        .map(measure -> Map.of("@type", "dpv:TechnicalOrganisationalMeasure", "rdfs:label", measure))
                        .toList());
        node.put("custodia:explanation", languageValues(draft.explanation()));
        node.put("custodia:customerValue", languageValues(draft.customerValue()));
        putIfPresent(node, "custodia:reviewId", draft.reviewId());
        node.put("custodia:version", activity.version());
        return node;
    }

    private static Map<String, Object> recipientNode(String entityCode, String key, @Nullable RecipientEntry entry) {
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("@id", "urn:custodia:recipient:" + entityCode + ":" + key);
        if (entry == null) {
            recipient.put("@type", "dpv:Recipient");
            return recipient;
        }
        recipient.put(
                "@type",
                switch (RecipientRole.find(entry.role()).orElse(RecipientRole.PROCESSOR)) {
                    case PROCESSOR -> "dpv:DataProcessor";
                    case CONTROLLER -> "dpv:DataController";
                    case JOINT_CONTROLLER -> "dpv:JointDataControllers";
                    case PUBLIC_AUTHORITY -> "dpv:Recipient";
                });
        recipient.put("rdfs:label", entry.name());
        recipient.put("custodia:role", entry.role());
        recipient.put("custodia:country", entry.country());
        recipient.put("custodia:status", entry.status());
        return recipient;
    }

    /**
     * The printable Art. 30 report of the given entities in a language.
     *
     * @param language {@code en} or {@code fr}; anything else falls back to English
     */
    String html(List<String> entityCodes, String language) {
        Locale locale = "fr".equals(language) ? Locale.FRENCH : Locale.ENGLISH;
        List<ReportSection> sections =
                entityCodes.stream().map(code -> section(code, locale)).toList();
        var context = new Context(locale);
        context.setVariable("sections", sections);
        context.setVariable(
                "generatedAt",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .format(clock.instant().atOffset(ZoneOffset.UTC)));
        return templates.process("register/report", context);
    }

    /** One entity's part of the report, with names resolved in the reader's language. */
    record ReportSection(GroupEntity entity, List<ReportActivity> activities) {}

    /** One activity of the report, every Art. 30(1) item as display text. */
    record ReportActivity(
            String name,
            String status,
            @Nullable String controllerContact,
            @Nullable String dpoContact,
            List<String> purposes,
            List<String> subjectTypes,
            List<String> dataCategories,
            @Nullable String art9Condition,
            List<String> recipients,
            List<String> transfers,
            @Nullable String retention,
            List<String> securityMeasures,
            @Nullable String explanation) {}

    private ReportSection section(String entityCode, Locale locale) {
        String language = locale.getLanguage();
        GroupEntity entity = entities.find(entityCode).orElseThrow();
        Map<String, String> recipientNames = register.recipients(entityCode).stream()
                .collect(Collectors.toMap(
                        RecipientEntry::key,
                        recipient -> recipient.name() + " (" + recipient.role() + ", " + recipient.country() + ")"));
        List<ReportActivity> activities = register.activities(ActivityFilter.ofEntity(entityCode)).stream()
                .map(activity -> {
                    ActivityDraft draft = activity.content();
                    var retention = draft.retention();
                    return new ReportActivity(
                            draft.name(),
                            activity.status(),
                            draft.controllerContact(),
                            draft.dpoContact(),
                            draft.purposes().stream()
                                    .map(purpose -> name(TermKind.PURPOSE, entityCode, purpose.key(), language)
                                            + legalBasis(purpose)
                                                    .map(basis -> " — "
                                                            + messages.getMessage(
                                                                    "register.basis." + basis.key(), null, locale)
                                                            + ", Art. " + basis.article())
                                                    .orElse(""))
                                    .toList(),
                            names(TermKind.SUBJECT_TYPE, entityCode, draft.subjectTypes(), language),
                            names(TermKind.DATA_CATEGORY, entityCode, draft.dataCategories(), language),
                            Optional.ofNullable(draft.art9Condition())
                                    .flatMap(Art9Condition::find)
                                    .map(condition -> condition.key() + ", Art. " + condition.article())
                                    .orElse(null),
                            draft.recipients().stream()
                                    .map(key -> recipientNames.getOrDefault(key, key))
                                    .toList(),
                            draft.transfers().stream()
                                    .map(transfer -> transfer.country()
                                            + (transfer.recipient() == null
                                                    ? ""
                                                    : " — "
                                                            + recipientNames.getOrDefault(
                                                                    transfer.recipient(), transfer.recipient()))
                                            + " — " + (transfer.safeguard() == null ? "none" : transfer.safeguard()))
                                    .toList(),
                            retention == null || retention.period() == null
                                    ? null
                                    : retention.period()
                                            + (retention.trigger() == null ? "" : " — " + retention.trigger()),
                            draft.securityMeasures(),
                            draft.explanation()
                                    .getOrDefault(language, draft.explanation().get("en")));
                })
                .toList();
        return new ReportSection(entity, activities);
    }

    private Optional<Term> term(TermKind kind, String entityCode, String key) {
        return TermKey.isValid(key) ? taxonomy.find(kind, entityCode, TermKey.of(key)) : Optional.empty();
    }

    private List<Map<String, Object>> iris(TermKind kind, String entityCode, List<String> keys) {
        return keys.stream()
                .map(key -> term(kind, entityCode, key))
                .flatMap(Optional::stream)
                .map(Term::dpv)
                .distinct()
                .map(RegisterExports::id)
                .toList();
    }

    private String name(TermKind kind, String entityCode, String key, String language) {
        return term(kind, entityCode, key)
                .map(term -> term.name(language) + " (" + key + ")" + (term.special() ? " ★" : ""))
                .orElse(key);
    }

    private List<String> names(TermKind kind, String entityCode, List<String> keys, String language) {
        return keys.stream().map(key -> name(kind, entityCode, key, language)).toList();
    }

    private static Optional<LegalBasis> legalBasis(PurposeUse purpose) {
        if (purpose.legalBasis() == null) {
            return Optional.empty();
        }
        String key = purpose.legalBasis();
        return Arrays.stream(LegalBasis.values())
                .filter(basis -> basis.key().equals(key))
                .findFirst();
    }

    private static List<Map<String, String>> languageValues(Map<String, String> texts) {
        return texts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> Map.of("@value", entry.getValue(), "@language", entry.getKey()))
                .toList();
    }

    private static Map<String, Object> id(String iri) {
        return Map.of("@id", iri);
    }

    private static void putIfPresent(Map<String, Object> node, String property, @Nullable Object value) {
        if (value != null) {
            node.put(property, value);
        }
    }

    private static String orBlank(@Nullable String text) {
        return text == null ? "" : text;
    }

    private static <T> String join(List<T> items, Function<T, String> format) {
        return items.stream().map(format).collect(Collectors.joining("; "));
    }
}
