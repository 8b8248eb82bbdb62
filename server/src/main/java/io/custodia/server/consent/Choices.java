package io.custodia.server.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.consent.Actor;
import io.custodia.core.consent.Channel;
import io.custodia.core.consent.ConsentAction;
import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.consent.ConsentRecordingRules;
import io.custodia.core.consent.ConsentScope;
import io.custodia.core.consent.PurposePolicy;
import io.custodia.core.register.CatalogKey;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.identity.StaffMember;
import io.custodia.server.notices.PublishedNotice;
import io.custodia.server.subjects.SubjectIdentifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns requests into {@link Choice}s, or reports every broken rule of a request at once, each by its field.
 *
 * <p>The recording rules themselves are {@link ConsentRecordingRules}; this class reads the request, looks up what
 * the rules need (the purpose's policy and the notice, from the entity's context) and names fields as
 * the client wrote them.
 */
@Component
class Choices {
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
    // Stands in for the hash of a notice that is not published, only so that the other rules can still be checked
    // and reported together; such an event is never recorded.
    private static final String UNPUBLISHED = "0".repeat(64);
    private static final int MAX_PAGE = 2000;
    private static final int MAX_CONTEXT = 200;

    private final Clock clock;
    private final Duration clockTolerance;

    Choices(Clock clock, @Value("${custodia.consent.clock-tolerance:PT5M}") Duration clockTolerance) {
        this.clock = clock;
        this.clockTolerance = clockTolerance;
    }

    /**
     * Checks one request.
     *
     * @param prefix put before every field name, such as {@code events[2].}
     * @param keyField the name of the field that carries the idempotency key
     * @throws InvalidInputException with every broken rule
     */
    Choice check(
            ConsentRequest request,
            EntityContext context,
            Recorder recorder,
            List<Locale> languages,
            String prefix,
            String keyField) {
        NoticeFacts noticeFacts = context.notices();
        List<FieldError> errors = new ArrayList<>();
        @Nullable SubjectIdentifier identifier = identifier(request.subject(), errors);
        @Nullable String key = idempotencyKey(request.idempotencyKey(), keyField, errors);
        @Nullable DeclaredPurpose purpose = purpose(request.purpose(), context, errors);
        @Nullable ConsentAction action = action(request.action(), errors);
        @Nullable Channel channel = channel(request.channel(), errors);
        @Nullable Instant clientTime = clientTime(request.clientTime(), errors);
        ConsentScope scope = scope(request.dataCategories(), request.recipient(), context, errors);
        Map<String, String> where = where(request.context(), errors);
        ConsentRequest.Subject guardianNamed = request.guardian();
        @Nullable
        SubjectIdentifier guardian = guardianNamed == null
                ? null
                : SubjectIdentifier.parse("guardian", guardianNamed.scheme(), guardianNamed.value(), errors);
        // A staff member is the agent of every choice they record; a service records the customer's own choice,
        // or the choice an agent of the company took, named by the service.
        Actor actor = Actor.customer();
        @Nullable String actorName = null;
        if (recorder instanceof Recorder.Agent agent) {
            StaffMember caller = agent.member();
            if (request.agent() != null && !request.agent().equals(caller.username())) {
                errors.add(new FieldError(
                        "agent",
                        "a staff member records choices as themselves (" + caller.username() + "); naming another"
                                + " agent needs a service token"));
            }
            actor = Actor.agent(caller.username());
            actorName = caller.displayName();
        } else {
            // The service that sent the choice is named by the audit log (token:<id>); the agent it names is known
            // here by id only.
            String agent = request.agent();
            if (agent != null) {
                Actor named = parse(errors, () -> Actor.agent(agent));
                if (named != null) {
                    actor = named;
                }
            }
        }
        @Nullable Integer version = request.noticeVersion();
        @Nullable PublishedNotice notice = null;
        if (version == null) {
            errors.add(new FieldError("noticeVersion", "the version of the notice the customer was shown is required"));
        } else if (version < 1) {
            errors.add(new FieldError("noticeVersion", "notice versions start at 1, got " + version));
        } else if (purpose != null) {
            notice = noticeFacts.published(purpose.purpose(), version).orElse(null);
            if (notice == null) {
                errors.add(new FieldError("noticeVersion", unpublished(noticeFacts, purpose.purpose(), version)));
            } else if (channel != null && !shownOn(notice, channel)) {
                errors.add(new FieldError(
                        "channel",
                        "version " + version + " of notice " + notice.key() + " is written for "
                                + String.join(", ", notice.channels()) + ", not for " + channel.key()
                                + ": show the customer the notice meant for this channel"));
            }
        }
        if (action != null && action.systemGenerated()) {
            // Refused before an event is built, since no person may be its actor.
            DeclaredPurpose any = purpose;
            parse(errors, () -> {
                ConsentRecordingRules.checkAction(
                        action,
                        any != null
                                ? any.policy()
                                : PurposePolicy.consentWithoutRenewal(TermKey.of("any"), Period.ZERO));
                return action;
            });
        } else if (purpose != null
                && action != null
                && channel != null
                && version != null
                && version >= 1
                && key != null) {
            // The core rules: the action fits the legal basis, the client time is not too far ahead.
            try {
                ConsentEvent probe = new ConsentEvent(
                        new UUID(0, 0),
                        new UUID(0, 0),
                        purpose.purpose(),
                        scope,
                        action,
                        version,
                        notice == null ? UNPUBLISHED : notice.contentHash(),
                        channel,
                        clientTime,
                        now(),
                        actor,
                        key);
                ConsentRecordingRules.checkIncoming(probe, purpose.policy(), noticeFacts.versions(), clockTolerance);
            } catch (InvalidInputException e) {
                for (FieldError error : e.errors()) {
                    if (!(error.field().equals("noticeVersion") && notice == null)) {
                        errors.add(error);
                    }
                }
            }
        } else if (purpose != null && action != null) {
            parse(errors, () -> {
                ConsentRecordingRules.checkAction(action, purpose.policy());
                return action;
            });
        }
        if (!errors.isEmpty()
                || identifier == null
                || key == null
                || purpose == null
                || action == null
                || channel == null
                || notice == null) {
            throw new InvalidInputException(
                    prefix.isEmpty() ? "The consent cannot be recorded" : "A consent of the batch cannot be recorded",
                    errors.stream()
                            .map(error -> new FieldError(
                                    error.field().equals(keyField) ? error.field() : prefix + error.field(),
                                    error.message()))
                            .toList());
        }
        return new Choice(
                context,
                identifier,
                purpose,
                action,
                notice,
                language(notice, languages),
                channel,
                where,
                clientTime,
                scope,
                actor,
                actorName,
                key,
                guardian);
    }

    /**
     * Whether a notice version is meant for the channel a choice was made on. Choices relayed by another system
     * ({@code api}) or imported from one ({@code import}) were shown a notice elsewhere, so any version fits them.
     */
    static boolean shownOn(PublishedNotice notice, Channel channel) {
        return channel == Channel.API
                || channel == Channel.IMPORT
                || notice.channels().isEmpty()
                || notice.channels().contains(channel.key());
    }

    /** The language of the notice that best suits the reader: theirs if the notice has it, else English. */
    static String language(PublishedNotice notice, List<Locale> languages) {
        for (Locale locale : languages) {
            if (notice.texts().containsKey(locale.getLanguage())) {
                return locale.getLanguage();
            }
        }
        if (notice.texts().containsKey("en") || notice.texts().isEmpty()) {
            return "en";
        }
        return notice.texts().keySet().stream().sorted().findFirst().orElse("en");
    }

    /** Parses an identifier named by the API's {@code subject.scheme} and {@code subject.value}. */
    static @Nullable SubjectIdentifier identifier(ConsentRequest.@Nullable Subject subject, List<FieldError> errors) {
        if (subject == null) {
            errors.add(new FieldError("subject", "the customer is required, as {scheme, value}"));
            return null;
        }
        return SubjectIdentifier.parse("subject", subject.scheme(), subject.value(), errors);
    }

    private static @Nullable ConsentAction action(@Nullable String key, List<FieldError> errors) {
        if (key == null) {
            errors.add(new FieldError("action", "the choice is required: granted, refused, withdrawn or objected"));
            return null;
        }
        return parse(errors, () -> ConsentAction.of("action", key));
    }

    private static @Nullable Channel channel(@Nullable String key, List<FieldError> errors) {
        if (key == null) {
            errors.add(new FieldError("channel", "where the choice was made is required, such as web or call_center"));
            return null;
        }
        return parse(errors, () -> Channel.of("channel", key));
    }

    private @Nullable String idempotencyKey(@Nullable String key, String field, List<FieldError> errors) {
        if (key == null || key.isEmpty()) {
            errors.add(new FieldError(field, "is required: a key of 1 to 200 characters that makes a retry safe"));
            return null;
        }
        if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
            errors.add(new FieldError(field, "must be 1 to 200 visible ASCII characters, without spaces"));
            return null;
        }
        return key;
    }

    private static @Nullable DeclaredPurpose purpose(
            @Nullable String key, EntityContext context, List<FieldError> errors) {
        if (key == null || key.isBlank()) {
            errors.add(
                    new FieldError("purpose", "the purpose's key is required, such as marketing.personalised_offers"));
            return null;
        }
        if (!TermKey.isValid(key)) {
            errors.add(new FieldError("purpose", "'" + key + "' is not a purpose key: use lower-case dotted segments"));
            return null;
        }
        TermKey purpose = TermKey.of(key);
        DeclaredPurpose declared = context.purposes().get(purpose);
        if (declared == null) {
            errors.add(new FieldError(
                    "purpose",
                    context.purposeTerms().containsKey(purpose)
                            ? "no active processing activity of " + context.code() + " declares purpose " + key
                                    + ": there is nothing to consent to"
                            : "'" + key + "' is not a purpose of the taxonomy"));
            return null;
        }
        return declared;
    }

    private @Nullable Instant clientTime(@Nullable String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(
                    "clientTime", "must be an ISO-8601 instant with its offset, such as 2026-03-01T09:00:00Z"));
            return null;
        }
    }

    private static ConsentScope scope(
            @Nullable List<String> categories,
            @Nullable String recipient,
            EntityContext context,
            List<FieldError> errors) {
        Set<TermKey> named = new LinkedHashSet<>();
        if (categories != null) {
            for (int index = 0; index < categories.size(); index++) {
                String field = "dataCategories[" + index + "]";
                String category = categories.get(index);
                if (category == null || !TermKey.isValid(category)) {
                    errors.add(new FieldError(field, "'" + category + "' is not a data category key"));
                } else if (!context.categoryTerms().containsKey(TermKey.of(category))) {
                    errors.add(new FieldError(field, category + " is not a data category of the taxonomy"));
                } else {
                    named.add(TermKey.of(category));
                }
            }
        }
        @Nullable CatalogKey narrowedTo = null;
        if (recipient != null && !recipient.isBlank()) {
            if (!context.recipients().containsKey(recipient)) {
                errors.add(new FieldError(
                        "recipient", "'" + recipient + "' is not a recipient in the register of " + context.code()));
            } else {
                narrowedTo = CatalogKey.of(recipient);
            }
        }
        return new ConsentScope(named, narrowedTo);
    }

    private static Map<String, String> where(ConsentRequest.@Nullable Context context, List<FieldError> errors) {
        Map<String, String> where = new LinkedHashMap<>();
        if (context == null) {
            return where;
        }
        put(where, "page", context.page(), MAX_PAGE, errors);
        put(where, "promptId", context.promptId(), MAX_CONTEXT, errors);
        put(where, "deviceId", context.deviceId(), MAX_CONTEXT, errors);
        return where;
    }

    private static void put(
            Map<String, String> where, String name, @Nullable String value, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (value.length() > max) {
            errors.add(new FieldError("context." + name, "must be at most " + max + " characters"));
            return;
        }
        where.put(name, value.strip());
    }

    private static String unpublished(NoticeFacts noticeFacts, TermKey purpose, int version) {
        Optional<PublishedNotice> latest = noticeFacts.latest(purpose);
        return "version " + version + " of the notice of purpose " + purpose + " is not published"
                + latest.map(notice -> "; the latest is version " + notice.version())
                        .orElse("; no notice of it is published");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Runs a parser, turning its {@link InvalidInputException} into reported errors. */
    static <T> @Nullable T parse(List<FieldError> errors, Parser<T> parser) {
        try {
            return parser.parse();
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    @FunctionalInterface
    interface Parser<T> {
        T parse();
    }
}
