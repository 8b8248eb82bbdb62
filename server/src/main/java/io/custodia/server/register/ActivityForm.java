package io.custodia.server.register;

import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.register.ActivityDraft;
import io.custodia.core.register.ActivityDraft.PurposeUse;
import io.custodia.core.register.ActivityDraft.Retention;
import io.custodia.core.register.ActivityDraft.Transfer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The console's activity editor as posted: repeated rows (purposes, transfers, measures) are one line each, with
 * {@code |} between the parts of a row; taxonomy and catalog choices are checkboxes.
 */
record ActivityForm(
        @Nullable String entity,
        @Nullable String name,
        @Nullable String controllerContact,
        @Nullable String dpoContact,
        @Nullable String purposes,
        @Nullable String art9Condition,
        @Nullable List<String> dataCategories,
        @Nullable List<String> subjectTypes,
        @Nullable List<String> systems,
        @Nullable List<String> datasets,
        @Nullable List<String> recipients,
        @Nullable String transfers,
        @Nullable String retentionPeriod,
        @Nullable String retentionTrigger,
        @Nullable String securityMeasures,
        @Nullable String explanationEn,
        @Nullable String explanationFr,
        @Nullable String customerValueEn,
        @Nullable String customerValueFr,
        @Nullable String reviewId,
        @Nullable Long version) {

    private static final Pattern INDEXED = Pattern.compile("^(\\w+)\\[(\\d+)](?:\\.(\\w+))?$");

    /** An empty editor for an entity. */
    static ActivityForm empty(@Nullable String entity) {
        return new ActivityForm(
                entity, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** The editor filled with a stored activity. */
    static ActivityForm of(ActivityView activity) {
        ActivityDraft draft = activity.content();
        var retention = draft.retention();
        return new ActivityForm(
                activity.entity(),
                draft.name(),
                draft.controllerContact(),
                draft.dpoContact(),
                lines(draft.purposes().stream()
                        .map(purpose ->
                                row(purpose.key(), purpose.legalBasis(), purpose.notice(), purpose.renewalPeriod()))
                        .toList()),
                draft.art9Condition(),
                draft.dataCategories(),
                draft.subjectTypes(),
                draft.systems(),
                draft.datasets(),
                draft.recipients(),
                lines(draft.transfers().stream()
                        .map(transfer -> row(transfer.country(), transfer.recipient(), transfer.safeguard()))
                        .toList()),
                retention == null ? null : retention.period(),
                retention == null ? null : retention.trigger(),
                lines(draft.securityMeasures()),
                draft.explanation().get("en"),
                draft.explanation().get("fr"),
                draft.customerValue().get("en"),
                draft.customerValue().get("fr"),
                draft.reviewId(),
                activity.version());
    }

    /** The draft this form describes; parts of a row that are left out are absent. */
    @SuppressWarnings("NullAway") // the draft turns absent fields into empty ones
    ActivityDraft draft() {
        List<PurposeUse> purposeUses = rows(purposes).stream()
                .map(parts -> new PurposeUse(part(parts, 0), part(parts, 1), part(parts, 2), part(parts, 3)))
                .toList();
        List<Transfer> transferRows = rows(transfers).stream()
                .map(parts -> new Transfer(
                        part(parts, 0) == null ? "" : part(parts, 0).toUpperCase(Locale.ROOT),
                        part(parts, 1),
                        part(parts, 2)))
                .toList();
        Map<String, String> explanation = texts(explanationEn, explanationFr);
        Map<String, String> customerValue = texts(customerValueEn, customerValueFr);
        return new ActivityDraft(
                name,
                controllerContact,
                dpoContact,
                purposeUses,
                art9Condition,
                dataCategories,
                subjectTypes,
                systems,
                datasets,
                recipients,
                transferRows,
                retentionPeriod == null && retentionTrigger == null
                        ? null
                        : new Retention(retentionPeriod, retentionTrigger),
                rows(securityMeasures).stream()
                        .map(parts -> String.join(" | ", parts))
                        .toList(),
                explanation,
                customerValue,
                reviewId);
    }

    /**
     * Findings grouped by the form control they belong to, with the line named for repeated rows, e.g.
     * {@code purposes[1].notice} becomes "line 2: …" under {@code purposes}.
     */
    static Map<String, List<String>> byControl(List<FieldError> findings) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (FieldError finding : findings) {
            String control = finding.field();
            String message = finding.message();
            Matcher indexed = INDEXED.matcher(finding.field());
            if (indexed.matches()) {
                control = indexed.group(1);
                if (List.of("purposes", "transfers", "securityMeasures").contains(control)) {
                    message = "line " + (Integer.parseInt(indexed.group(2)) + 1) + ": " + message;
                }
            } else {
                control = switch (finding.field()) {
                    case "retention", "retention.period" -> "retentionPeriod";
                    case "retention.trigger" -> "retentionTrigger";
                    case "explanation.en" -> "explanationEn";
                    case "explanation.fr" -> "explanationFr";
                    case "customerValue.en" -> "customerValueEn";
                    case "customerValue.fr" -> "customerValueFr";
                    default -> finding.field();
                };
            }
            grouped.computeIfAbsent(control, key -> new ArrayList<>()).add(message);
        }
        return grouped;
    }

    private static List<List<String>> rows(@Nullable String text) {
        if (text == null) {
            return List.of();
        }
        return text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(line ->
                        Arrays.stream(line.split("\\|", -1)).map(String::strip).toList())
                .toList();
    }

    private static @Nullable String part(List<String> parts, int index) {
        return index < parts.size() && !parts.get(index).isEmpty() ? parts.get(index) : null;
    }

    private static String row(@Nullable String... parts) {
        List<String> kept = new ArrayList<>(
                Arrays.stream(parts).map(part -> part == null ? "" : part).toList());
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
            kept.remove(kept.size() - 1);
        }
        return String.join(" | ", kept);
    }

    private static @Nullable String lines(List<String> lines) {
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static Map<String, String> texts(@Nullable String english, @Nullable String french) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (english != null && !english.isBlank()) {
            texts.put("en", english);
        }
        if (french != null && !french.isBlank()) {
            texts.put("fr", french);
        }
        return texts;
    }
}
