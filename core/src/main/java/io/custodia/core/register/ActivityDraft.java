package io.custodia.core.register;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a DPO writes about a processing activity (a GDPR Art. 30 register entry), as entered: keys and codes are
 * plain text so that {@link RegisterRules} can name every bad one at once instead of failing on the first.
 *
 * <p>Absent lists and maps become empty, absent texts stay null, texts are trimmed; nothing else is checked
 * here.
 *
 * @param name what the activity is called, e.g. "Customer billing"
 * @param controllerContact name and contact details of the controller (Art. 30(1)(a))
 * @param dpoContact contact details of the data-protection officer, where there is one
 * @param purposes each purpose with its legal basis (Art. 6) and, for consent, the notice shown
 * @param art9Condition the Art. 9(2) condition, needed when a special category of data is processed
 * @param dataCategories taxonomy keys of the personal data processed
 * @param subjectTypes taxonomy keys of the categories of people concerned
 * @param systems keys of the entity's systems that carry out the processing
 * @param datasets keys of the entity's datasets that hold the data
 * @param recipients keys of the entity's recipients (processors, partners, authorities)
 * @param transfers transfers outside the EEA with their safeguards
 * @param retention how long the data is kept and from when
 * @param securityMeasures technical and organisational measures, in words
 * @param explanation plain-language explanation per language tag ({@code en}, {@code fr}) for customers
 * @param customerValue what the customer gets from it, per language tag
 * @param reviewId the impact assessment or ethics review that covers it, when one exists
 */
public record ActivityDraft(
        String name,
        @Nullable String controllerContact,
        @Nullable String dpoContact,
        List<PurposeUse> purposes,
        @Nullable String art9Condition,
        List<String> dataCategories,
        List<String> subjectTypes,
        List<String> systems,
        List<String> datasets,
        List<String> recipients,
        List<Transfer> transfers,
        @Nullable Retention retention,
        List<String> securityMeasures,
        Map<String, String> explanation,
        Map<String, String> customerValue,
        @Nullable String reviewId) {

    public ActivityDraft {
        name = trim(name);
        controllerContact = blankToNull(controllerContact);
        dpoContact = blankToNull(dpoContact);
        purposes = copy(purposes);
        art9Condition = blankToNull(art9Condition);
        dataCategories = texts(dataCategories);
        subjectTypes = texts(subjectTypes);
        systems = texts(systems);
        datasets = texts(datasets);
        recipients = texts(recipients);
        transfers = copy(transfers);
        securityMeasures = texts(securityMeasures);
        explanation = languages(explanation);
        customerValue = languages(customerValue);
        reviewId = blankToNull(reviewId);
    }

    /**
     * One purpose of the activity.
     *
     * @param key taxonomy key of the purpose
     * @param legalBasis key of the Art. 6 legal basis, e.g. {@code consent}
     * @param notice for consent: the notice shown when asking (a notice key or URL)
     * @param renewalPeriod for consent: how long a grant lasts before it is asked again, ISO-8601 e.g. P13M
     */
    public record PurposeUse(
            String key,
            @Nullable String legalBasis,
            @Nullable String notice,
            @Nullable String renewalPeriod) {
        public PurposeUse {
            key = trim(key);
            legalBasis = blankToNull(legalBasis);
            notice = blankToNull(notice);
            renewalPeriod = blankToNull(renewalPeriod);
        }
    }

    /**
     * A transfer of personal data to another country.
     *
     * @param country ISO 3166-1 alpha-2 code of the destination
     * @param recipient key of the receiving recipient, when known
     * @param safeguard key of the {@link Safeguard}; absent means none
     */
    public record Transfer(
            String country,
            @Nullable String recipient,
            @Nullable String safeguard) {
        public Transfer {
            country = trim(country);
            recipient = blankToNull(recipient);
            safeguard = blankToNull(safeguard);
        }
    }

    /**
     * How long data is kept.
     *
     * @param period ISO-8601 period such as P5Y
     * @param trigger from when it runs, in words, e.g. "end of contract"
     */
    public record Retention(
            @Nullable String period, @Nullable String trigger) {
        public Retention {
            period = blankToNull(period);
            trigger = blankToNull(trigger);
        }
    }

    // Input arrives from JSON and YAML, where any of these may be missing or null despite the declared types.
    private static String trim(@Nullable String text) {
        return text == null ? "" : text.strip();
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static <T> List<T> copy(@Nullable List<T> items) {
        return items == null
                ? List.of()
                : items.stream().filter(Objects::nonNull).toList();
    }

    private static List<String> texts(@Nullable List<String> items) {
        return items == null
                ? List.of()
                : items.stream()
                        .filter(Objects::nonNull)
                        .map(String::strip)
                        .filter(text -> !text.isEmpty())
                        .toList();
    }

    private static Map<String, String> languages(@Nullable Map<String, String> texts) {
        if (texts == null) {
            return Map.of();
        }
        Map<String, String> kept = new LinkedHashMap<>();
        texts.forEach((language, text) -> {
            if (language != null && text != null && !text.isBlank()) {
                kept.put(language, text.strip());
            }
        });
        return Map.copyOf(kept);
    }
}
