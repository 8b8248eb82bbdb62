package io.custodia.core.decision;

import io.custodia.core.InvalidInputException;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.consent.NoticeVersion;
import io.custodia.core.jurisdiction.GpcPolicy;
import io.custodia.core.jurisdiction.JurisdictionPack;
import io.custodia.core.jurisdiction.TransferRules;
import io.custodia.core.register.ActivityStatus;
import io.custodia.core.register.Recipient;
import io.custodia.core.register.Safeguard;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One entity's rules for using personal data, compiled into an immutable snapshot: its register of processing
 * activities with their statuses and reviews, its recipients, its jurisdiction's rules and its notices.
 *
 * <p>Built once per change of any of these with {@link #builder(String)}, then handed to {@link Engine#swap(Policy)}.
 * Immutable and thread-safe.
 */
public final class Policy {

    private final String entityCode;
    private final Map<String, Activity> activities;
    private final Map<String, Recipient> recipients;
    private final Jurisdiction jurisdiction;
    private final Map<TermKey, NoticeVersion> notices;
    private final Map<TermKey, List<Activity>> declaring;
    private final int childBands;

    private Policy(Builder builder) {
        this.entityCode = builder.entityCode;
        this.activities = Collections.unmodifiableMap(new LinkedHashMap<>(builder.activities));
        this.recipients = Collections.unmodifiableMap(new LinkedHashMap<>(builder.recipients));
        this.jurisdiction = builder.requireJurisdiction();
        this.notices = Collections.unmodifiableMap(new LinkedHashMap<>(builder.notices));
        Map<TermKey, List<Activity>> byPurpose = new LinkedHashMap<>();
        for (Activity activity : activities.values()) {
            // Drafts and retired activities declare nothing; a halted one still does, so that it can say it halted.
            if (activity.status() == ActivityStatus.ACTIVE || activity.status() == ActivityStatus.HALTED) {
                for (TermKey purpose : activity.purposes().keySet()) {
                    byPurpose.computeIfAbsent(purpose, key -> new ArrayList<>()).add(activity);
                }
            }
        }
        byPurpose.replaceAll((purpose, list) -> List.copyOf(list));
        this.declaring = Collections.unmodifiableMap(byPurpose);
        int bands = 0;
        for (AgeBand band : AgeBand.values()) {
            if (band.isUnder(jurisdiction.ageOfDigitalConsent())) {
                bands |= 1 << band.ordinal();
            }
        }
        this.childBands = bands;
    }

    /** A builder for an entity's policy; the jurisdiction must be given. */
    public static Builder builder(String entityCode) {
        return new Builder(entityCode);
    }

    /** The entity whose rules these are. */
    public String entityCode() {
        return entityCode;
    }

    /** The activities by key. */
    public Map<String, Activity> activities() {
        return activities;
    }

    /** The recipients by key. */
    public Map<String, Recipient> recipients() {
        return recipients;
    }

    /** The jurisdiction's rules. */
    public Jurisdiction jurisdiction() {
        return jurisdiction;
    }

    /** The notice facts of a purpose, absent when none were given. */
    public Optional<NoticeVersion> notice(TermKey purpose) {
        return Optional.ofNullable(notices.get(purpose));
    }

    /** The notice facts by purpose, in the order they were added. */
    public Map<TermKey, NoticeVersion> notices() {
        return notices;
    }

    /** The active or halted activities that declare the purpose, in the order they were added. */
    List<Activity> declaring(TermKey purpose) {
        return declaring.getOrDefault(purpose, List.of());
    }

    /** A bit per {@link AgeBand} ordinal that counts as under the age of digital consent. */
    int childBands() {
        return childBands;
    }

    /** The purposes whose notice changed materially between {@code before} and this policy. */
    List<TermKey> materiallyChangedSince(Policy before) {
        List<TermKey> changed = new ArrayList<>();
        notices.forEach((purpose, notice) -> {
            int previous = before.notice(purpose)
                    .map(NoticeVersion::lastMaterialVersion)
                    .orElse(1);
            if (notice.lastMaterialVersion() > previous) {
                changed.add(purpose);
            }
        });
        return changed;
    }

    /**
     * A processing activity as decisions see it.
     *
     * @param key the activity's key, unique in the entity
     * @param name its name, for messages
     * @param status where it stands; only active ones allow, halted ones deny with {@link Reason#HALTED}
     * @param purposes each purpose with its legal basis
     * @param categories the data categories it declares, each covering the categories under it
     * @param recipients the keys of the recipients it declares
     * @param transfers the transfers out of the jurisdiction it declares, with their safeguards
     * @param review whether a review (impact assessment) is needed and approved
     * @param retention how long the data is kept, or null when not stated
     * @param mask data categories to mask before use
     * @param pseudonymise whether data must be pseudonymised before use
     */
    public record Activity(
            String key,
            String name,
            ActivityStatus status,
            Map<TermKey, LegalBasis> purposes,
            Set<TermKey> categories,
            Set<String> recipients,
            List<Transfer> transfers,
            Review review,
            @Nullable Period retention,
            Set<TermKey> mask,
            boolean pseudonymise) {

        public Activity {
            if (key.isBlank()) {
                throw InvalidInputException.of("key", "an activity needs a key");
            }
            if (purposes.isEmpty()) {
                throw InvalidInputException.of("purposes", "activity " + key + " declares no purpose");
            }
            purposes = Collections.unmodifiableMap(new LinkedHashMap<>(purposes));
            categories = Collections.unmodifiableSortedSet(new TreeSet<>(categories));
            recipients = Collections.unmodifiableSortedSet(new TreeSet<>(recipients));
            transfers = List.copyOf(transfers);
            mask = Collections.unmodifiableSortedSet(new TreeSet<>(mask));
        }

        /** An active activity with one purpose, some categories, no recipient, no review and no obligation. */
        public static Activity active(String key, TermKey purpose, LegalBasis legalBasis, Set<TermKey> categories) {
            return new Activity(
                    key,
                    key,
                    ActivityStatus.ACTIVE,
                    Map.of(purpose, legalBasis),
                    categories,
                    Set.of(),
                    List.of(),
                    Review.NOT_REQUIRED,
                    null,
                    Set.of(),
                    false);
        }
    }

    /** Where an activity's review (impact assessment and ethics review) stands. */
    public enum Review {
        /** None is needed. */
        NOT_REQUIRED,
        /** One is needed and not approved yet (or was rejected). */
        PENDING,
        /** One was approved, with or without conditions. */
        APPROVED
    }

    /**
     * A transfer an activity declares.
     *
     * @param country ISO 3166-1 alpha-2 code of the destination
     * @param recipient the recipient it is for, or null for any of the activity's recipients there
     * @param safeguard what makes it lawful
     */
    public record Transfer(String country, @Nullable String recipient, Safeguard safeguard) {}

    /**
     * What the entity's jurisdiction says that decisions need.
     *
     * @param ageOfDigitalConsent the age under which a child needs a parent's consent
     * @param transfers the rules for sending data out of the jurisdiction
     * @param gpc what a Global Privacy Control signal means
     */
    public record Jurisdiction(int ageOfDigitalConsent, TransferRules transfers, GpcPolicy gpc) {

        /** The facts of a jurisdiction pack. */
        public static Jurisdiction of(JurisdictionPack pack) {
            return new Jurisdiction(pack.ageOfDigitalConsent(), pack.transfers(), pack.gpc());
        }
    }

    /** Collects the values a policy is compiled from. Not thread-safe; use once. */
    public static final class Builder {
        private final String entityCode;
        private final Map<String, Activity> activities = new LinkedHashMap<>();
        private final Map<String, Recipient> recipients = new LinkedHashMap<>();
        private final Map<TermKey, NoticeVersion> notices = new LinkedHashMap<>();
        private @Nullable Jurisdiction jurisdiction;

        private Builder(String entityCode) {
            this.entityCode = entityCode;
        }

        /** Adds an activity; fails when one with its key was added. */
        public Builder activity(Activity activity) {
            if (activities.putIfAbsent(activity.key(), activity) != null) {
                throw InvalidInputException.of("activities", "two activities have the key " + activity.key());
            }
            return this;
        }

        /** Adds a recipient; fails when one with its key was added. */
        public Builder recipient(Recipient recipient) {
            if (recipients.putIfAbsent(recipient.key(), recipient) != null) {
                throw InvalidInputException.of("recipients", "two recipients have the key " + recipient.key());
            }
            return this;
        }

        /** Adds the notice facts of a purpose; fails when the purpose has some already. */
        public Builder notice(NoticeVersion notice) {
            if (notices.putIfAbsent(notice.purpose(), notice) != null) {
                throw InvalidInputException.of(
                        "notices", "purpose " + notice.purpose() + " has two sets of notice facts");
            }
            return this;
        }

        /** Sets the jurisdiction's rules. */
        public Builder jurisdiction(Jurisdiction jurisdiction) {
            this.jurisdiction = jurisdiction;
            return this;
        }

        /** Sets the jurisdiction's rules from a pack. */
        public Builder jurisdiction(JurisdictionPack pack) {
            return jurisdiction(Jurisdiction.of(pack));
        }

        /**
         * The compiled policy.
         *
         * @throws InvalidInputException when no jurisdiction was given
         */
        public Policy build() {
            if (jurisdiction == null) {
                throw InvalidInputException.of("jurisdiction", "a policy needs its entity's jurisdiction rules");
            }
            return new Policy(this);
        }

        private Jurisdiction requireJurisdiction() {
            Jurisdiction given = jurisdiction;
            if (given == null) {
                throw new IllegalStateException("checked in build");
            }
            return given;
        }
    }
}
