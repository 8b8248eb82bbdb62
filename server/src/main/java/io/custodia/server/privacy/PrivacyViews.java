package io.custodia.server.privacy;

import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Question;
import io.custodia.core.decision.Reason;
import io.custodia.core.register.ActivityDraft;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.consent.ConsentLedger;
import io.custodia.server.consent.PurposeChoice;
import io.custodia.server.decisions.Decisions;
import io.custodia.server.identity.Staff;
import io.custodia.server.notices.PublishedNotice;
import io.custodia.server.register.ActivityFilter;
import io.custodia.server.register.ActivityView;
import io.custodia.server.register.RecipientEntry;
import io.custodia.server.register.Register;
import io.custodia.server.taxonomy.Taxonomy;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * What the privacy center's pages show, read from the register, the taxonomy, the consent ledger and the decision
 * engine of the customer's entity, in the customer's language.
 *
 * <p>These reads run as the system actor {@value #ACTOR}: the register and taxonomy are the entity's, the same for
 * every customer, and the one customer-specific read (the decisions) takes the subject id of the signed-in customer,
 * never an id from the request.
 */
@Component
class PrivacyViews {
    static final String ACTOR = "system:privacy";

    /** The denials a customer's own choice can lift or cause: the switch shows "off". */
    private static final Set<Reason> CHOICE_REASONS =
            EnumSet.of(Reason.NO_CONSENT, Reason.REFUSED, Reason.WITHDRAWN, Reason.EXPIRED, Reason.RECONSENT_REQUIRED);

    /** Subject types of people who are no customers: activities about them alone are not shown. */
    private static final Set<String> STAFF_ONLY = Set.of("employee", "job_applicant");

    private final Register register;
    private final Taxonomy taxonomy;
    private final ConsentLedger ledger;
    private final Decisions decisions;
    private final Staff staff;
    private final MessageSource messages;

    PrivacyViews(
            Register register,
            Taxonomy taxonomy,
            ConsentLedger ledger,
            Decisions decisions,
            Staff staff,
            MessageSource messages) {
        this.register = register;
        this.taxonomy = taxonomy;
        this.ledger = ledger;
        this.decisions = decisions;
        this.staff = staff;
        this.messages = messages;
    }

    /** A recipient as customers see it. */
    record Receiver(String name, String country) {}

    /**
     * A use of the customer's data: one active activity of the register.
     *
     * @param purposes each purpose's name with the key of its legal basis
     * @param categories the names of the data categories it uses
     * @param retention how long, in words; blank when the register says nothing
     */
    record Use(
            String name,
            String explanation,
            String value,
            Map<String, String> purposes,
            List<String> categories,
            List<Receiver> recipients,
            String retention) {}

    /**
     * The overview page.
     *
     * @param held the data categories used, by their plain-language group (the parent category's name)
     * @param uses why, for whom, how long
     */
    record Overview(Map<String, List<String>> held, List<Use> uses) {}

    /**
     * One purpose on the "my choices" page.
     *
     * @param state {@code on}, {@code off}, {@code objected} or {@code paused} (denied for a reason the customer's
     *     choice does not change, such as a use halted by the ethics committee)
     * @param action the choice the page offers: {@code granted}, {@code withdrawn} or {@code objected}; null for none
     * @param noticeVersion the notice version the customer is shown, recorded with the choice
     */
    record ChoiceRow(
            String purpose,
            String name,
            String legalBasis,
            String state,
            @Nullable String action,
            @Nullable String noticeKey,
            int noticeVersion,
            @Nullable String noticeTitle,
            List<String> explanations,
            List<String> values,
            List<Receiver> partners) {}

    Overview overview(String entityCode, String language) {
        return staff.asSystem(ACTOR, () -> {
            Map<String, Term> categories = byKey(taxonomy.dataCategories(entityCode));
            Map<String, Term> purposes = byKey(taxonomy.purposes(entityCode));
            Map<String, RecipientEntry> recipients = recipients(entityCode);
            Map<String, Set<String>> held = new TreeMap<>();
            List<Use> uses = new ArrayList<>();
            for (ActivityView activity : active(entityCode)) {
                ActivityDraft content = activity.content();
                for (String category : content.dataCategories()) {
                    held.computeIfAbsent(
                                    groupName(category, categories, language),
                                    group -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER))
                            .add(name(category, categories, language));
                }
                Map<String, String> bases = new LinkedHashMap<>();
                content.purposes()
                        .forEach(use -> bases.put(
                                name(use.key(), purposes, language), use.legalBasis() == null ? "" : use.legalBasis()));
                uses.add(new Use(
                        content.name(),
                        text(content.explanation(), language),
                        text(content.customerValue(), language),
                        bases,
                        content.dataCategories().stream()
                                .map(key -> name(key, categories, language))
                                .toList(),
                        receivers(content.recipients(), recipients),
                        retention(content.retention(), language)));
            }
            Map<String, List<String>> grouped = new LinkedHashMap<>();
            held.forEach((group, names) -> grouped.put(group, List.copyOf(names)));
            return new Overview(grouped, uses);
        });
    }

    List<ChoiceRow> choices(Customer customer, String language) {
        return staff.asSystem(ACTOR, () -> {
            String entityCode = customer.entityCode();
            Map<String, RecipientEntry> recipients = recipients(entityCode);
            List<ActivityView> active = active(entityCode);
            List<ChoiceRow> rows = new ArrayList<>();
            for (PurposeChoice purpose : ledger.purposes(entityCode, language)) {
                List<String> explanations = new ArrayList<>();
                List<String> values = new ArrayList<>();
                Set<String> partnerKeys = new LinkedHashSet<>();
                for (ActivityView activity : active) {
                    ActivityDraft content = activity.content();
                    if (content.purposes().stream().noneMatch(use -> use.key().equals(purpose.purpose()))) {
                        continue;
                    }
                    addText(explanations, text(content.explanation(), language));
                    addText(values, text(content.customerValue(), language));
                    partnerKeys.addAll(content.recipients());
                }
                // The state the company's services get: the decision engine's answer, not a copy of the ledger.
                Decision decision =
                        decisions.decide(entityCode, customer.subjectId(), Question.of(TermKey.of(purpose.purpose())));
                boolean consent = purpose.legalBasis().equals("consent");
                String state;
                if (decision.allowed()) {
                    state = "on";
                } else {
                    Reason reason = ((Decision.Deny) decision).reason();
                    state = reason == Reason.OBJECTED ? "objected" : CHOICE_REASONS.contains(reason) ? "off" : "paused";
                }
                PublishedNotice notice = purpose.notice();
                boolean onTheWeb = notice != null && notice.channels().contains("web");
                String action = null;
                if (onTheWeb && consent) {
                    action = state.equals("on") ? "withdrawn" : "granted";
                } else if (onTheWeb && purpose.actions().contains("objected") && !state.equals("objected")) {
                    action = "objected";
                }
                rows.add(new ChoiceRow(
                        purpose.purpose(),
                        purpose.name(),
                        purpose.legalBasis(),
                        state,
                        action,
                        notice == null ? null : notice.key(),
                        notice == null ? 0 : notice.version(),
                        notice == null ? null : notice.text(language).title(),
                        explanations,
                        values,
                        receivers(List.copyOf(partnerKeys), recipients)));
            }
            return rows;
        });
    }

    /** The entity's purposes' names in a language, by key, for the history page. */
    Map<String, String> purposeNames(String entityCode, String language) {
        return staff.asSystem(ACTOR, () -> taxonomy.purposes(entityCode).stream()
                .collect(Collectors.toMap(
                        term -> term.key().value(), term -> term.name(language), (one, other) -> other)));
    }

    /** The entity's active activities that concern its customers: all but those about staff alone. */
    private List<ActivityView> active(String entityCode) {
        return register.activities(new ActivityFilter(entityCode, "active", null, null, null, null)).stream()
                .filter(activity -> activity.content().subjectTypes().isEmpty()
                        || !STAFF_ONLY.containsAll(activity.content().subjectTypes()))
                .toList();
    }

    private Map<String, RecipientEntry> recipients(String entityCode) {
        return register.recipients(entityCode).stream()
                .collect(Collectors.toMap(RecipientEntry::key, Function.identity(), (one, other) -> one));
    }

    private static List<Receiver> receivers(List<String> keys, Map<String, RecipientEntry> recipients) {
        List<Receiver> found = new ArrayList<>();
        for (String key : keys) {
            RecipientEntry entry = recipients.get(key);
            if (entry != null) {
                found.add(new Receiver(entry.name(), entry.country()));
            }
        }
        return found;
    }

    private static Map<String, Term> byKey(List<Term> terms) {
        return terms.stream()
                .collect(Collectors.toMap(term -> term.key().value(), Function.identity(), (one, other) -> other));
    }

    private static String name(String key, Map<String, Term> terms, String language) {
        Term term = terms.get(key);
        return term == null ? key : term.name(language);
    }

    /** The name of the category's parent (such as "Contact details" for an e-mail address), or its own. */
    private static String groupName(String key, Map<String, Term> terms, String language) {
        Term term = terms.get(key);
        if (term == null) {
            return key;
        }
        return term.parent()
                .map(parent -> terms.get(parent.value()))
                .filter(parent -> parent.parent().isPresent())
                .map(parent -> parent.name(language))
                .orElse(term.name(language));
    }

    private static String text(Map<String, String> texts, String language) {
        String text = texts.get(language);
        return text != null ? text : texts.getOrDefault("en", "");
    }

    private static void addText(List<String> texts, String text) {
        if (!text.isBlank() && !texts.contains(text)) {
            texts.add(text);
        }
    }

    /** A retention such as P5Y after "end of contract", in words: "5 years, from the end of contract". */
    private String retention(ActivityDraft.@Nullable Retention retention, String language) {
        if (retention == null) {
            return "";
        }
        java.util.Locale locale = java.util.Locale.forLanguageTag(language);
        List<String> parts = new ArrayList<>();
        String period = retention.period();
        if (period != null) {
            try {
                Period parsed = Period.parse(period);
                addUnit(parts, parsed.getYears(), "privacy.years", locale);
                addUnit(parts, parsed.getMonths(), "privacy.months", locale);
                addUnit(parts, parsed.getDays(), "privacy.days", locale);
            } catch (DateTimeParseException e) {
                parts.add(period);
            }
        }
        String duration = String.join(" ", parts);
        String trigger = retention.trigger();
        if (trigger == null) {
            return duration;
        }
        return duration.isEmpty()
                ? trigger
                : messages.getMessage("privacy.retention", new Object[] {duration, trigger}, locale);
    }

    private void addUnit(List<String> parts, int count, String key, java.util.Locale locale) {
        if (count > 0) {
            parts.add(messages.getMessage(key, new Object[] {count}, locale));
        }
    }
}
