package io.custodia.client;

import io.custodia.core.InvalidInputException;
import io.custodia.core.change.Change;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.change.PolicyChanged;
import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.decision.PolicyDocument;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns an event of the changes feed (its JSON data) into a {@link Change}. Thread-safe.
 *
 * <p>The data is {@code {position, logId, type, entity, recordedAt, subjectId?, change: {...}}}, {@code change} being
 * the change record as JSON. Fields the decoder does not know are ignored (the contract only grows); a type it does not
 * know is {@link UnknownType}, since applying the rest of the feed without it could allow what it would deny.
 */
final class ChangeDecoder {

    /** One decoded event. */
    record FeedChange(long position, Change change) {}

    /** The feed carries a change type this client does not know: it must fail closed and load a snapshot again. */
    static final class UnknownType extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownType(String type) {
            super("the feed carries a change of type " + type + ", which this client does not know; upgrade it");
        }
    }

    private final ObjectMapper json;

    ChangeDecoder(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Decodes one event's data.
     *
     * @param eventId the event's SSE id, used when the data carries no position
     * @throws UnknownType for a change type this client does not know
     * @throws InvalidInputException naming the field when the data is not a change this client can read
     */
    FeedChange decode(@Nullable String eventId, String data) {
        JsonNode event;
        try {
            event = json.readTree(data);
        } catch (JacksonException e) {
            throw InvalidInputException.of("data", "the event's data is not JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            throw InvalidInputException.of("data", "the event's data is not a JSON object");
        }
        long position = position(event, eventId);
        String type = text(event, "type");
        JsonNode change = event.get("change");
        if (change == null || !change.isObject()) {
            throw InvalidInputException.of("change", "the event carries no change object");
        }
        return new FeedChange(position, change(type, change));
    }

    private Change change(String type, JsonNode change) {
        switch (type) {
            case ConsentChanged.TYPE:
                return new ConsentChanged(
                        uuid(change, "subjectId"),
                        text(change, "entityCode"),
                        text(change, "purpose"),
                        text(change, "status"),
                        instant(change, "since"),
                        optionalInstant(change, "expiresAt"));
            case SubjectFlagsChanged.TYPE:
                return new SubjectFlagsChanged(
                        uuid(change, "subjectId"),
                        text(change, "entityCode"),
                        bool(change, "erased"),
                        bool(change, "restricted"),
                        AgeBand.of("change.ageBand", text(change, "ageBand")),
                        bool(change, "parentalConsent"));
            case PolicyChanged.TYPE:
                JsonNode policy = change.get("policy");
                if (policy == null || !policy.isObject()) {
                    throw InvalidInputException.of("change.policy", "a policy change carries no policy");
                }
                PolicyDocument document;
                try {
                    document = json.treeToValue(policy, PolicyDocument.class);
                } catch (JacksonException e) {
                    throw InvalidInputException.of("change.policy", "not a policy document: " + e.getOriginalMessage());
                }
                // Checked here rather than when applied, so that a bad policy is reported with its field path.
                document.toPolicy();
                return new PolicyChanged(
                        text(change, "entityCode"), text(change, "cause"), optionalText(change, "key"), document);
            default:
                throw new UnknownType(type);
        }
    }

    private static long position(JsonNode event, @Nullable String eventId) {
        JsonNode position = event.get("position");
        if (position != null && position.canConvertToExactIntegral() && position.canConvertToLong()) {
            return position.asLong();
        }
        if (eventId != null) {
            try {
                return Long.parseLong(eventId.strip());
            } catch (NumberFormatException e) {
                throw InvalidInputException.of("id", "the event's id is not a feed position: " + eventId);
            }
        }
        throw InvalidInputException.of("position", "the event carries no feed position");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw InvalidInputException.of("change." + field, "a text is required");
        }
        return value.asString();
    }

    private static @Nullable String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : text(node, field);
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw InvalidInputException.of("change." + field, "true or false is required");
        }
        return value.asBoolean();
    }

    private static UUID uuid(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("change." + field, "not a UUID");
        }
    }

    /** An instant as ISO-8601 text, or as seconds since the epoch (with a fraction) when dates are written as numbers. */
    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw InvalidInputException.of("change." + field, "an instant is required");
        }
        try {
            if (value.isNumber()) {
                BigDecimal seconds = value.decimalValue();
                long whole = seconds.longValue();
                int nanos = seconds.subtract(BigDecimal.valueOf(whole))
                        .movePointRight(9)
                        .intValue();
                return Instant.ofEpochSecond(whole, nanos);
            }
            if (value.isString()) {
                return Instant.parse(value.asString());
            }
        } catch (DateTimeException | ArithmeticException e) {
            // Reported below.
        }
        throw InvalidInputException.of("change." + field, "not an ISO-8601 instant");
    }

    private static @Nullable Instant optionalInstant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : instant(node, field);
    }
}
