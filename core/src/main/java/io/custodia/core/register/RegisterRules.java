package io.custodia.core.register;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.register.ActivityDraft.PurposeUse;
import io.custodia.core.register.ActivityDraft.Transfer;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules a register entry must follow, reported all at once with JSON paths such as
 * {@code purposes[1].notice}.
 *
 * <p>Two kinds of finding: <em>errors</em> make the entry meaningless (an unknown key, a legal basis that is
 * not one of the six, a malformed period) and nothing with errors is stored; <em>gaps</em> are what GDPR Art. 30
 * and Custodia's promises need before the activity may be active (a notice for each consent purpose, an Art. 9
 * condition for special categories, a safeguard for each transfer without adequacy, a retention period, the
 * customer-facing texts in English and French). Drafts may be saved with gaps.
 *
 * <p>Stateless and thread-safe.
 */
public final class RegisterRules {
    /** The languages in which customers must be able to read the explanation and value of an active activity. */
    public static final List<String> CUSTOMER_LANGUAGES = List.of("en", "fr");

    private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");
    private static final int MAX_NAME = 200;

    private RegisterRules() {}

    /** Checks an activity draft of one entity against that entity's catalog. */
    public static Findings check(ActivityDraft draft, RegisterCatalog catalog) {
        var check = new Check();
        if (draft.name().isEmpty()) {
            check.error("name", "a name is required");
        } else if (draft.name().length() > MAX_NAME) {
            check.error("name", "must have at most " + MAX_NAME + " characters");
        }
        if (draft.controllerContact() == null) {
            check.gap("controllerContact", "the controller's name and contact details are needed (Art. 30(1)(a))");
        }
        checkPurposes(draft, catalog, check);
        List<Term> special = checkDataCategories(draft, catalog, check);
        checkArt9(draft, special, check);
        checkTerms("subjectTypes", draft.subjectTypes(), catalog::subjectType, "subject type", check);
        if (draft.subjectTypes().isEmpty()) {
            check.gap("subjectTypes", "name the categories of people concerned (Art. 30(1)(c))");
        }
        checkKeys("systems", draft.systems(), catalog::hasSystem, "system", check);
        checkKeys("datasets", draft.datasets(), catalog::hasDataset, "dataset", check);
        checkKeys(
                "recipients", draft.recipients(), key -> catalog.recipient(key).isPresent(), "recipient", check);
        checkTransfers(draft, catalog, check);
        checkRetention(draft, check);
        checkCustomerTexts("explanation", draft.explanation(), "the plain-language explanation", check);
        checkCustomerTexts("customerValue", draft.customerValue(), "what the customer gets from it", check);
        return new Findings(check.errors, check.gaps);
    }

    /**
     * The draft with its legal bases, Art. 9 condition and safeguards written as their canonical keys
     * ({@code Consent} becomes {@code consent}); a value that does not parse is kept as it is.
     */
    public static ActivityDraft canonical(ActivityDraft draft) {
        List<PurposeUse> purposes = draft.purposes().stream()
                .map(purpose -> new PurposeUse(
                        purpose.key(),
                        canonical(purpose.legalBasis(), RegisterRules::legalBasisKey),
                        purpose.notice(),
                        purpose.renewalPeriod()))
                .toList();
        List<Transfer> transfers = draft.transfers().stream()
                .map(transfer -> new Transfer(
                        transfer.country(),
                        transfer.recipient(),
                        canonical(transfer.safeguard(), text -> Safeguard.find(text)
                                .map(Safeguard::key))))
                .toList();
        return new ActivityDraft(
                draft.name(),
                draft.controllerContact(),
                draft.dpoContact(),
                purposes,
                canonical(
                        draft.art9Condition(), text -> Art9Condition.find(text).map(Art9Condition::key)),
                draft.dataCategories(),
                draft.subjectTypes(),
                draft.systems(),
                draft.datasets(),
                draft.recipients(),
                transfers,
                draft.retention(),
                draft.securityMeasures(),
                draft.explanation(),
                draft.customerValue(),
                draft.reviewId());
    }

    private static Optional<String> legalBasisKey(String text) {
        try {
            return Optional.of(LegalBasis.of("legalBasis", text).key());
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static @Nullable String canonical(@Nullable String text, Function<String, Optional<String>> parse) {
        return text == null ? null : parse.apply(text).orElse(text);
    }

    /** Whether a text is a valid key for a system, dataset or recipient: lower case, digits, {@code . _ -}. */
    public static boolean isCatalogKey(String key) {
        return CatalogKey.isValid(key);
    }

    /** Whether a text is an ISO 3166-1 alpha-2 country code in upper case. */
    public static boolean isCountry(String code) {
        return COUNTRY.matcher(code).matches();
    }

    /**
     * Parses a positive ISO-8601 period such as {@code P5Y} or {@code P13M}.
     *
     * @return the period, or empty when the text is malformed, zero or negative
     */
    public static Optional<Period> positivePeriod(String text) {
        try {
            Period period = Period.parse(text);
            boolean positive =
                    !period.isZero() && period.getYears() >= 0 && period.getMonths() >= 0 && period.getDays() >= 0;
            return positive ? Optional.of(period) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void checkPurposes(ActivityDraft draft, RegisterCatalog catalog, Check check) {
        if (draft.purposes().isEmpty()) {
            check.gap("purposes", "at least one purpose with its legal basis is needed (Art. 30(1)(b))");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < draft.purposes().size(); i++) {
            PurposeUse purpose = draft.purposes().get(i);
            String path = "purposes[" + i + "]";
            if (purpose.key().isEmpty()) {
                check.error(path + ".key", "a purpose key is required");
            } else if (!seen.add(purpose.key())) {
                check.error(path + ".key", "purpose '" + purpose.key() + "' is listed twice");
            } else {
                checkTerm(path + ".key", purpose.key(), catalog::purpose, "purpose", check);
            }
            LegalBasis basis = null;
            if (purpose.legalBasis() == null) {
                check.gap(path + ".legalBasis", "each purpose needs its legal basis (Art. 6)");
            } else {
                try {
                    basis = LegalBasis.of(path + ".legalBasis", purpose.legalBasis());
                } catch (InvalidInputException e) {
                    check.errors.addAll(e.errors());
                }
            }
            if (basis == LegalBasis.CONSENT && purpose.notice() == null) {
                check.gap(path + ".notice", "a purpose based on consent needs the notice shown when asking");
            }
            if (purpose.renewalPeriod() != null
                    && positivePeriod(purpose.renewalPeriod()).isEmpty()) {
                check.error(
                        path + ".renewalPeriod",
                        "'" + purpose.renewalPeriod() + "' is not a positive ISO-8601 period such as P13M");
            }
        }
    }

    private static List<Term> checkDataCategories(ActivityDraft draft, RegisterCatalog catalog, Check check) {
        List<Term> found =
                checkTerms("dataCategories", draft.dataCategories(), catalog::dataCategory, "data category", check);
        if (draft.dataCategories().isEmpty()) {
            check.gap("dataCategories", "name the categories of personal data processed (Art. 30(1)(c))");
        }
        return found.stream().filter(term -> isSpecial(term, catalog)).toList();
    }

    /** A category is special when it or a broader category is flagged special (health.mental lies under health). */
    private static boolean isSpecial(Term term, RegisterCatalog catalog) {
        Optional<TermKey> key = Optional.of(term.key());
        while (key.isPresent()) {
            Optional<Term> found = catalog.dataCategory(key.get());
            if (found.isPresent() && found.get().special()) {
                return true;
            }
            key = key.get().parent();
        }
        return term.special();
    }

    private static void checkArt9(ActivityDraft draft, List<Term> special, Check check) {
        if (draft.art9Condition() != null) {
            if (Art9Condition.find(draft.art9Condition()).isEmpty()) {
                check.error(
                        "art9Condition",
                        "'" + draft.art9Condition() + "' is not an Art. 9(2) condition; use one of "
                                + keys(Art9Condition.values(), Art9Condition::key));
            }
        } else if (!special.isEmpty()) {
            check.gap(
                    "art9Condition",
                    "special categories ("
                            + String.join(
                                    ", ",
                                    special.stream()
                                            .map(term -> term.key().value())
                                            .toList()) + ") need an Art. 9(2) condition");
        }
    }

    private static void checkTransfers(ActivityDraft draft, RegisterCatalog catalog, Check check) {
        for (int i = 0; i < draft.transfers().size(); i++) {
            Transfer transfer = draft.transfers().get(i);
            String path = "transfers[" + i + "]";
            boolean wellFormed = true;
            if (!isCountry(transfer.country())) {
                check.error(
                        path + ".country", "'" + transfer.country() + "' is not an ISO 3166-1 alpha-2 code such as US");
                wellFormed = false;
            }
            Optional<Recipient> recipient = Optional.empty();
            if (transfer.recipient() != null) {
                recipient = catalog.recipient(transfer.recipient());
                if (recipient.isEmpty()) {
                    check.error(path + ".recipient", "no recipient '" + transfer.recipient() + "' in this entity");
                    wellFormed = false;
                }
            }
            Safeguard safeguard = Safeguard.NONE;
            if (transfer.safeguard() != null) {
                Optional<Safeguard> parsed = Safeguard.find(transfer.safeguard());
                if (parsed.isEmpty()) {
                    check.error(
                            path + ".safeguard",
                            "'" + transfer.safeguard() + "' is not a safeguard; use one of "
                                    + keys(Safeguard.values(), Safeguard::key));
                    wellFormed = false;
                } else {
                    safeguard = parsed.get();
                }
            }
            if (!wellFormed) {
                continue;
            }
            boolean certified = recipient.map(Recipient::dpfCertified).orElse(false);
            if (!EuAdequacy.covers(transfer.country(), certified)
                    && (safeguard == Safeguard.NONE || safeguard == Safeguard.ADEQUACY)) {
                check.gap(
                        path + ".safeguard",
                        EuAdequacy.DPF_COUNTRY.equals(transfer.country()) && safeguard == Safeguard.ADEQUACY
                                ? "adequacy covers the US only for recipients certified under the Data Privacy"
                                        + " Framework: certify the recipient or name scc, bcr, derogation or authorisation"
                                : transfer.country() + " has no EU adequacy decision: name the safeguard (scc, bcr,"
                                        + " derogation or authorisation)");
            }
        }
    }

    private static void checkRetention(ActivityDraft draft, Check check) {
        var retention = draft.retention();
        if (retention == null || retention.period() == null) {
            check.gap(
                    "retention.period",
                    "say how long the data is kept, as an ISO-8601 period such as P5Y (Art. 30(1)(f))");
        } else if (positivePeriod(retention.period()).isEmpty()) {
            check.error(
                    "retention.period", "'" + retention.period() + "' is not a positive ISO-8601 period such as P5Y");
        }
    }

    private static void checkCustomerTexts(String field, Map<String, String> texts, String what, Check check) {
        for (String language : CUSTOMER_LANGUAGES) {
            if (!texts.containsKey(language)) {
                check.gap(field + "." + language, what + " is needed in '" + language + "' before activation");
            }
        }
    }

    private static List<Term> checkTerms(
            String field, List<String> keys, Function<TermKey, Optional<Term>> lookup, String what, Check check) {
        List<Term> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String path = field + "[" + i + "]";
            if (!seen.add(keys.get(i))) {
                check.error(path, what + " '" + keys.get(i) + "' is listed twice");
                continue;
            }
            checkTerm(path, keys.get(i), lookup, what, check).ifPresent(found::add);
        }
        return found;
    }

    private static Optional<Term> checkTerm(
            String path, String key, Function<TermKey, Optional<Term>> lookup, String what, Check check) {
        if (!TermKey.isValid(key)) {
            check.error(path, "'" + key + "' is not a taxonomy key: use lower-case dotted segments");
            return Optional.empty();
        }
        Optional<Term> term = lookup.apply(TermKey.of(key));
        if (term.isEmpty()) {
            check.error(path, "unknown " + what + " '" + key + "'");
        }
        return term;
    }

    private static void checkKeys(String field, List<String> keys, Predicate<String> exists, String what, Check check) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String path = field + "[" + i + "]";
            String key = keys.get(i);
            if (!seen.add(key)) {
                check.error(path, what + " '" + key + "' is listed twice");
            } else if (!exists.test(key)) {
                check.error(path, "no " + what + " '" + key + "' in this entity");
            }
        }
    }

    private static <E> String keys(E[] values, Function<E, String> key) {
        return String.join(", ", Arrays.stream(values).map(key).toList());
    }

    /** Collects findings in the order the fields appear. */
    private static final class Check {
        final List<FieldError> errors = new ArrayList<>();
        final List<FieldError> gaps = new ArrayList<>();

        void error(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        void gap(String field, String message) {
            gaps.add(new FieldError(field, message));
        }
    }
}
