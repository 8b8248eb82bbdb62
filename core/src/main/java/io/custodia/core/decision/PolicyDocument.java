package io.custodia.core.decision;

import io.custodia.core.InvalidInputException;
import io.custodia.core.consent.NoticeVersion;
import io.custodia.core.jurisdiction.GpcPolicy;
import io.custodia.core.jurisdiction.TransferRules;
import io.custodia.core.register.ActivityStatus;
import io.custodia.core.register.RecipientRole;
import io.custodia.core.register.RecipientStatus;
import io.custodia.core.register.Safeguard;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Policy} as plain data: records of texts, numbers, booleans and lists that any JSON library writes and reads
 * without help, so that the changes feed and snapshots can carry an entity's policy to every replica.
 *
 * <p>Enumerations are written in lower case as the API writes them ({@code active}, {@code legitimate_interest},
 * {@code not_required}, {@code scc}, {@code authority_authorisation}, {@code objection}), taxonomy keys as their
 * text, a retention period as ISO-8601 ({@code P13M}) and an agreement's end as an ISO date. The jurisdiction is
 * carried as the facts decisions read (age of digital consent, transfer rules, Global Privacy Control policy), not as a
 * pack code, so that a replica needs no copy of the server's packs and an entity's own overrides travel too.
 *
 * <p>{@link #of(Policy)} and {@link #toPolicy()} are exact inverses: {@code of(document.toPolicy())} equals the
 * document when the document came from {@code of}. The records check nothing when built (a JSON reader may leave
 * fields out); {@link #toPolicy()} checks everything and names the field path of what is wrong. Lists are copied and
 * never null: a missing list reads as empty.
 *
 * @param entity the entity whose policy this is
 * @param activities the register's activities, in the policy's order (which decides which activity's obligations an
 *     allowed use gets when several declare the purpose)
 * @param recipients the recipients of the register
 * @param jurisdiction the jurisdiction's facts
 * @param notices the notice facts of each purpose that has a notice
 */
public record PolicyDocument(
        String entity,
        List<Activity> activities,
        List<Recipient> recipients,
        Jurisdiction jurisdiction,
        List<Notice> notices) {

    public PolicyDocument {
        activities = copy(activities);
        recipients = copy(recipients);
        notices = copy(notices);
    }

    /**
     * A processing activity.
     *
     * @param key its key, unique in the entity
     * @param name its name
     * @param status {@code draft}, {@code active}, {@code halted} or {@code retired}
     * @param purposes its purposes, each with its legal basis, in order
     * @param categories the data categories it declares, as taxonomy keys
     * @param recipients the keys of the recipients it declares
     * @param transfers the transfers it declares
     * @param review {@code not_required}, {@code pending} or {@code approved}
     * @param retention how long data is kept, as an ISO-8601 period such as {@code P13M}, or null when not stated
     * @param mask data categories to mask before use
     * @param pseudonymise whether data must be pseudonymised before use
     */
    public record Activity(
            String key,
            String name,
            String status,
            List<Purpose> purposes,
            List<String> categories,
            List<String> recipients,
            List<Transfer> transfers,
            String review,
            @Nullable String retention,
            List<String> mask,
            boolean pseudonymise) {

        public Activity {
            purposes = copy(purposes);
            categories = copy(categories);
            recipients = copy(recipients);
            transfers = copy(transfers);
            mask = copy(mask);
        }
    }

    /**
     * A purpose of an activity.
     *
     * @param key the purpose's taxonomy key
     * @param legalBasis {@code consent}, {@code contract}, {@code legal_obligation}, {@code vital_interest}, {@code
     *     public_task} or {@code legitimate_interest}
     */
    public record Purpose(String key, String legalBasis) {}

    /**
     * A transfer an activity declares.
     *
     * @param country ISO 3166-1 alpha-2 code of the destination
     * @param recipient the recipient's key, or null for any of the activity's recipients there
     * @param safeguard {@code adequacy}, {@code scc}, {@code bcr}, {@code derogation}, {@code authorisation} or {@code
     *     none}
     */
    public record Transfer(String country, @Nullable String recipient, String safeguard) {}

    /**
     * A recipient of the register, with the fields of {@link io.custodia.core.register.Recipient}.
     *
     * @param role {@code processor}, {@code controller}, {@code joint_controller} or {@code public_authority}
     * @param dpaExpiresOn the agreement's last day as an ISO date, or null
     * @param status {@code approved}, {@code conditional} or {@code suspended}
     */
    public record Recipient(
            String key,
            String name,
            String role,
            String country,
            @Nullable String dpaReference,
            @Nullable String dpaExpiresOn,
            String status,
            boolean dpfCertified) {}

    /**
     * The jurisdiction's facts that decisions read.
     *
     * @param ageOfDigitalConsent the age under which a child needs a parent's consent
     * @param transfers the rules for transfers out of the jurisdiction
     * @param gpc what a Global Privacy Control signal means
     */
    public record Jurisdiction(int ageOfDigitalConsent, Transfers transfers, Gpc gpc) {}

    /**
     * The rules of {@link TransferRules}.
     *
     * @param freeMovement countries data moves to freely
     * @param adequate countries recognised as adequate
     * @param otherwise {@code safeguards} or {@code authority_authorisation}
     */
    public record Transfers(List<String> freeMovement, List<Adequacy> adequate, String otherwise) {
        public Transfers {
            freeMovement = copy(freeMovement);
            adequate = copy(adequate);
        }
    }

    /**
     * A country recognised as adequate.
     *
     * @param condition the condition in words when the recognition covers only some recipients, else null
     */
    public record Adequacy(String country, @Nullable String condition) {}

    /**
     * The policy of {@link GpcPolicy}.
     *
     * @param effect {@code objection} or {@code none}
     * @param purposes the purposes the signal opts a customer out of
     */
    public record Gpc(String effect, List<String> purposes) {
        public Gpc {
            purposes = copy(purposes);
        }
    }

    /**
     * The notice facts of a purpose ({@link NoticeVersion}).
     *
     * @param purpose the purpose's key
     * @param latest the latest published version
     * @param lastMaterialVersion the latest version that changed the notice materially
     */
    public record Notice(String purpose, int latest, int lastMaterialVersion) {}

    // ---------------------------------------------------------------- from a policy

    /** The document of a policy. */
    public static PolicyDocument of(Policy policy) {
        List<Activity> activities = new ArrayList<>();
        for (Policy.Activity activity : policy.activities().values()) {
            List<Purpose> purposes = new ArrayList<>();
            activity.purposes().forEach((key, basis) -> purposes.add(new Purpose(key.value(), basis.key())));
            Period retention = activity.retention();
            activities.add(new Activity(
                    activity.key(),
                    activity.name(),
                    activity.status().key(),
                    purposes,
                    keys(activity.categories()),
                    List.copyOf(activity.recipients()),
                    activity.transfers().stream()
                            .map(transfer -> new Transfer(
                                    transfer.country(),
                                    transfer.recipient(),
                                    transfer.safeguard().key()))
                            .toList(),
                    lower(activity.review()),
                    retention == null ? null : retention.toString(),
                    keys(activity.mask()),
                    activity.pseudonymise()));
        }
        List<Recipient> recipients = new ArrayList<>();
        for (io.custodia.core.register.Recipient recipient : policy.recipients().values()) {
            LocalDate end = recipient.dpaExpiresOn();
            recipients.add(new Recipient(
                    recipient.key(),
                    recipient.name(),
                    recipient.role().key(),
                    recipient.country(),
                    recipient.dpaReference(),
                    end == null ? null : end.toString(),
                    recipient.status().key(),
                    recipient.dpfCertified()));
        }
        Policy.Jurisdiction jurisdiction = policy.jurisdiction();
        TransferRules rules = jurisdiction.transfers();
        Jurisdiction facts = new Jurisdiction(
                jurisdiction.ageOfDigitalConsent(),
                new Transfers(
                        List.copyOf(rules.freeMovement()),
                        rules.adequate().stream()
                                .map(adequacy -> new Adequacy(adequacy.country(), adequacy.condition()))
                                .toList(),
                        lower(rules.otherwise())),
                new Gpc(
                        jurisdiction.gpc().effect().key(),
                        keys(jurisdiction.gpc().purposes())));
        List<Notice> notices = policy.notices().values().stream()
                .map(notice -> new Notice(notice.purpose().value(), notice.latest(), notice.lastMaterialVersion()))
                .toList();
        return new PolicyDocument(policy.entityCode(), activities, recipients, facts, notices);
    }

    // ---------------------------------------------------------------- to a policy

    /**
     * The policy this document describes.
     *
     * @throws InvalidInputException naming the path of the first field that is missing or wrong, such as {@code
     *     activities[2].purposes[0].legalBasis}
     */
    public Policy toPolicy() {
        String entityCode = required("entity", entity);
        if (entityCode.isBlank()) {
            throw InvalidInputException.of("entity", "the entity's code is blank");
        }
        Policy.Builder builder = Policy.builder(entityCode).jurisdiction(jurisdiction("jurisdiction", jurisdiction));
        Set<String> activityKeys = new HashSet<>();
        for (int at = 0; at < activities.size(); at++) {
            String path = "activities[" + at + "]";
            Policy.Activity activity = activity(path, required(path, activities.get(at)));
            if (!activityKeys.add(activity.key())) {
                throw InvalidInputException.of(path + ".key", "two activities have the key " + activity.key());
            }
            builder.activity(activity);
        }
        Set<String> recipientKeys = new HashSet<>();
        for (int at = 0; at < recipients.size(); at++) {
            String path = "recipients[" + at + "]";
            io.custodia.core.register.Recipient recipient = recipient(path, required(path, recipients.get(at)));
            if (!recipientKeys.add(recipient.key())) {
                throw InvalidInputException.of(path + ".key", "two recipients have the key " + recipient.key());
            }
            builder.recipient(recipient);
        }
        Set<TermKey> noticePurposes = new HashSet<>();
        for (int at = 0; at < notices.size(); at++) {
            String path = "notices[" + at + "]";
            Notice notice = required(path, notices.get(at));
            TermKey purpose = termKey(path + ".purpose", notice.purpose());
            if (!noticePurposes.add(purpose)) {
                throw InvalidInputException.of(
                        path + ".purpose", "purpose " + purpose + " has two sets of notice facts");
            }
            builder.notice(
                    within(path, () -> new NoticeVersion(purpose, notice.latest(), notice.lastMaterialVersion())));
        }
        return builder.build();
    }

    private static Policy.Activity activity(String path, Activity activity) {
        String key = text(path + ".key", activity.key());
        Map<TermKey, LegalBasis> purposes = new LinkedHashMap<>();
        for (int at = 0; at < activity.purposes().size(); at++) {
            String purposePath = path + ".purposes[" + at + "]";
            Purpose purpose = required(purposePath, activity.purposes().get(at));
            TermKey purposeKey = termKey(purposePath + ".key", purpose.key());
            String basisPath = purposePath + ".legalBasis";
            LegalBasis basis = LegalBasis.of(basisPath, required(basisPath, purpose.legalBasis()));
            if (purposes.put(purposeKey, basis) != null) {
                throw InvalidInputException.of(
                        purposePath + ".key", "the activity names purpose " + purposeKey + " twice");
            }
        }
        if (purposes.isEmpty()) {
            throw InvalidInputException.of(path + ".purposes", "activity " + key + " declares no purpose");
        }
        List<Policy.Transfer> transfers = new ArrayList<>();
        for (int at = 0; at < activity.transfers().size(); at++) {
            String transferPath = path + ".transfers[" + at + "]";
            Transfer transfer = required(transferPath, activity.transfers().get(at));
            transfers.add(new Policy.Transfer(
                    country(transferPath + ".country", transfer.country()),
                    transfer.recipient(),
                    constant(transferPath + ".safeguard", transfer.safeguard(), Safeguard.class)));
        }
        String retentionPath = path + ".retention";
        String retention = activity.retention();
        Period period = null;
        if (retention != null) {
            try {
                period = Period.parse(retention);
            } catch (DateTimeParseException e) {
                throw InvalidInputException.of(
                        retentionPath, "'" + retention + "' is not an ISO-8601 period such as P13M");
            }
        }
        return new Policy.Activity(
                key,
                required(path + ".name", activity.name()),
                constant(path + ".status", activity.status(), ActivityStatus.class),
                purposes,
                termKeys(path + ".categories", activity.categories()),
                Set.copyOf(texts(path + ".recipients", activity.recipients())),
                transfers,
                constant(path + ".review", activity.review(), Policy.Review.class),
                period,
                termKeys(path + ".mask", activity.mask()),
                activity.pseudonymise());
    }

    private static io.custodia.core.register.Recipient recipient(String path, Recipient recipient) {
        String end = recipient.dpaExpiresOn();
        LocalDate endsOn = null;
        if (end != null) {
            try {
                endsOn = LocalDate.parse(end);
            } catch (DateTimeParseException e) {
                throw InvalidInputException.of(
                        path + ".dpaExpiresOn", "'" + end + "' is not an ISO date such as 2027-12-31");
            }
        }
        return new io.custodia.core.register.Recipient(
                text(path + ".key", recipient.key()),
                required(path + ".name", recipient.name()),
                constant(path + ".role", recipient.role(), RecipientRole.class),
                country(path + ".country", recipient.country()),
                recipient.dpaReference(),
                endsOn,
                constant(path + ".status", recipient.status(), RecipientStatus.class),
                recipient.dpfCertified());
    }

    private static Policy.Jurisdiction jurisdiction(String path, Jurisdiction jurisdiction) {
        required(path, jurisdiction);
        if (jurisdiction.ageOfDigitalConsent() < 0) {
            throw InvalidInputException.of(
                    path + ".ageOfDigitalConsent", "cannot be negative, got " + jurisdiction.ageOfDigitalConsent());
        }
        String transfersPath = path + ".transfers";
        Transfers transfers = required(transfersPath, jurisdiction.transfers());
        List<String> freeMovement = new ArrayList<>();
        for (int at = 0; at < transfers.freeMovement().size(); at++) {
            freeMovement.add(country(
                    transfersPath + ".freeMovement[" + at + "]",
                    transfers.freeMovement().get(at)));
        }
        List<TransferRules.Adequacy> adequate = new ArrayList<>();
        Set<String> adequateCountries = new HashSet<>();
        for (int at = 0; at < transfers.adequate().size(); at++) {
            String adequacyPath = transfersPath + ".adequate[" + at + "]";
            Adequacy adequacy = required(adequacyPath, transfers.adequate().get(at));
            String country = country(adequacyPath + ".country", adequacy.country());
            if (!adequateCountries.add(country)) {
                throw InvalidInputException.of(adequacyPath + ".country", country + " is listed twice");
            }
            adequate.add(new TransferRules.Adequacy(country, adequacy.condition()));
        }
        TransferRules.Requirement otherwise =
                constant(transfersPath + ".otherwise", transfers.otherwise(), TransferRules.Requirement.class);
        TransferRules rules = within(path, () -> new TransferRules(Set.copyOf(freeMovement), adequate, otherwise));
        String gpcPath = path + ".gpc";
        Gpc gpc = required(gpcPath, jurisdiction.gpc());
        GpcPolicy.Effect effect = constant(gpcPath + ".effect", gpc.effect(), GpcPolicy.Effect.class);
        Set<TermKey> purposes = termKeys(gpcPath + ".purposes", gpc.purposes());
        GpcPolicy policy = within(path, () -> new GpcPolicy(effect, purposes));
        return new Policy.Jurisdiction(jurisdiction.ageOfDigitalConsent(), rules, policy);
    }

    // ---------------------------------------------------------------- helpers

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private static <T> List<T> copy(@Nullable List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    private static List<String> keys(Set<TermKey> keys) {
        return keys.stream().map(TermKey::value).toList();
    }

    private static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static <T> T required(String path, @Nullable T value) {
        if (value == null) {
            throw InvalidInputException.of(path, "is required");
        }
        return value;
    }

    private static String text(String path, @Nullable String value) {
        String text = required(path, value);
        if (text.isBlank()) {
            throw InvalidInputException.of(path, "is blank");
        }
        return text;
    }

    private static List<String> texts(String path, List<String> values) {
        List<String> texts = new ArrayList<>();
        for (int at = 0; at < values.size(); at++) {
            texts.add(text(path + "[" + at + "]", values.get(at)));
        }
        return texts;
    }

    private static TermKey termKey(String path, @Nullable String value) {
        String key = required(path, value);
        if (!TermKey.isValid(key)) {
            throw InvalidInputException.of(
                    path,
                    "'" + key + "' is not a taxonomy key: use lower-case dotted segments like user.contact.email");
        }
        return TermKey.of(key);
    }

    private static Set<TermKey> termKeys(String path, List<String> values) {
        Set<TermKey> keys = new HashSet<>();
        for (int at = 0; at < values.size(); at++) {
            keys.add(termKey(path + "[" + at + "]", values.get(at)));
        }
        return keys;
    }

    private static String country(String path, @Nullable String value) {
        String country = required(path, value);
        if (!COUNTRIES.contains(country)) {
            throw InvalidInputException.of(
                    path, "not an ISO 3166-1 alpha-2 country code in capitals: '" + country + "'");
        }
        return country;
    }

    /** The constant whose lower-case name is the text. */
    private static <E extends Enum<E>> E constant(String path, @Nullable String value, Class<E> type) {
        String text = required(path, value);
        E[] constants = type.getEnumConstants();
        Optional<E> found = Arrays.stream(constants)
                .filter(constant -> lower(constant).equals(text))
                .findFirst();
        return found.orElseThrow(() -> InvalidInputException.of(
                path,
                "'" + text + "' is not one of "
                        + Arrays.stream(constants).map(PolicyDocument::lower).collect(Collectors.joining(", "))));
    }

    /** Runs a constructor that checks its values, naming the fields it reports under {@code path}. */
    private static <T> T within(String path, Supplier<T> make) {
        try {
            return make.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(
                    String.valueOf(e.getMessage()),
                    e.errors().stream()
                            .map(error ->
                                    new InvalidInputException.FieldError(path + "." + error.field(), error.message()))
                            .toList());
        }
    }
}
