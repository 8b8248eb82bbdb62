package io.custodia.server.requests;

import io.custodia.server.subjects.Subjects;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The new values of a rectification, kept sealed under the customer's key like any of their personal data. */
@Component
class RectificationValues {
    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() {};

    private final Subjects subjects;
    private final ObjectMapper json;

    RectificationValues(Subjects subjects, ObjectMapper json) {
        this.subjects = subjects;
        this.json = json;
    }

    /** The values sealed, or null when there are none. */
    @Nullable
    String seal(UUID subjectId, Map<String, String> values) {
        return values.isEmpty() ? null : subjects.seal(subjectId, json.writeValueAsString(values));
    }

    /** The request's values unsealed; empty when it has none or the customer was erased. */
    Map<String, String> of(RequestStore.Row request) {
        String sealed = request.sealedValues();
        UUID subjectId = request.subjectId();
        if (sealed == null || subjectId == null) {
            return Map.of();
        }
        return subjects.unseal(subjectId, sealed)
                .map(text -> json.readValue(text, VALUES))
                .orElse(Map.of());
    }
}
