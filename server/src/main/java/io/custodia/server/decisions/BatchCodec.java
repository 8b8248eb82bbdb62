package io.custodia.server.decisions;

import io.custodia.core.InvalidInputException;
import io.custodia.server.decisions.DecisionsApi.DecisionRequest;
import io.custodia.server.decisions.DecisionsApi.SubjectRef;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads and writes decision batches token by token: a batch of ten thousand questions is read without building a
 * tree or binding through reflection, and each distinct answer is serialised once, however many questions share it
 * (the engine hands out shared answers). The shapes are those of {@link DecisionsApi}'s records.
 */
final class BatchCodec {
    private BatchCodec() {}

    /**
     * The questions of a batch body {@code {"requests": [...]}}. Unknown fields are skipped, as elsewhere in the API.
     *
     * @throws InvalidInputException naming the field when the body is not a batch or a field has the wrong type
     */
    static List<@Nullable DecisionRequest> read(ObjectMapper json, InputStream body) {
        try (JsonParser parser = json.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "body", "a JSON object {\"requests\": [...]}");
            List<@Nullable DecisionRequest> requests = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("requests".equals(field) && value == JsonToken.START_ARRAY) {
                    requests = new ArrayList<>();
                    JsonToken item;
                    while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
                        if (item == JsonToken.VALUE_NULL) {
                            requests.add(null);
                        } else {
                            expect(item, JsonToken.START_OBJECT, "requests[" + requests.size() + "]", "an object");
                            requests.add(request(parser, "requests[" + requests.size() + "]."));
                        }
                    }
                } else if ("requests".equals(field) && value != JsonToken.VALUE_NULL) {
                    throw InvalidInputException.of("requests", "must be an array of decision requests");
                } else {
                    parser.skipChildren();
                }
            }
            if (requests == null) {
                throw InvalidInputException.of(
                        "requests", "is required and holds 1 to " + DecisionsApi.MAX_BATCH + " requests");
            }
            return requests;
        } catch (StreamReadException e) {
            throw InvalidInputException.of("body", "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static DecisionRequest request(JsonParser parser, String prefix) {
        SubjectRef subject = null;
        String entity = null;
        String purpose = null;
        List<String> categories = null;
        String recipient = null;
        String jurisdiction = null;
        Boolean gpc = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "subject" -> subject = subject(parser, value, prefix + "subject");
                case "entity" -> entity = text(parser, value, prefix + field);
                case "purpose" -> purpose = text(parser, value, prefix + field);
                case "recipient" -> recipient = text(parser, value, prefix + field);
                case "jurisdiction" -> jurisdiction = text(parser, value, prefix + field);
                case "gpc" -> {
                    if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                        gpc = value == JsonToken.VALUE_TRUE;
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw InvalidInputException.of(prefix + field, "must be true or false");
                    }
                }
                case "dataCategories" -> {
                    if (value == JsonToken.START_ARRAY) {
                        categories = new ArrayList<>();
                        JsonToken item;
                        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
                            categories.add(text(parser, item, prefix + field + "[" + categories.size() + "]"));
                        }
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw InvalidInputException.of(prefix + field, "must be an array of data category keys");
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new DecisionRequest(subject, entity, purpose, categories, recipient, jurisdiction, gpc);
    }

    private static @Nullable SubjectRef subject(JsonParser parser, JsonToken value, String field) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value, JsonToken.START_OBJECT, field, "an object: {id} or {scheme, value}");
        String id = null;
        String scheme = null;
        String text = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "id" -> id = text(parser, token, field + ".id");
                case "scheme" -> scheme = text(parser, token, field + ".scheme");
                case "value" -> text = text(parser, token, field + ".value");
                default -> parser.skipChildren();
            }
        }
        return new SubjectRef(id, scheme, text);
    }

    private static @Nullable String text(JsonParser parser, @Nullable JsonToken value, String field) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw InvalidInputException.of(field, "must be a string");
        }
        return parser.getString();
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected, String field, String what) {
        if (actual != expected) {
            throw InvalidInputException.of(field, "must be " + what);
        }
    }

    /**
     * Writes {@code {"results": [...]}}, each answer's JSON made once per distinct answer.
     *
     * @param answers the answers in order; answers that are the same instance share their JSON
     */
    static void write(ObjectMapper json, Object[] answers, OutputStream out) throws IOException {
        java.util.IdentityHashMap<Object, String> written = new java.util.IdentityHashMap<>();
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        writer.write("{\"results\":[");
        for (int at = 0; at < answers.length; at++) {
            if (at > 0) {
                writer.write(',');
            }
            Object answer = answers[at];
            String text = written.get(answer);
            if (text == null) {
                text = json.writeValueAsString(answer);
                written.put(answer, text);
            }
            writer.write(text);
        }
        writer.write("]}");
        writer.flush();
    }
}
