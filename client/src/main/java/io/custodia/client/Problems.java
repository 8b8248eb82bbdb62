package io.custodia.client;

import io.custodia.core.InvalidInputException.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reads an RFC 9457 problem from an answer that is not a success. */
final class Problems {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY = 64 * 1024;

    private Problems() {}

    static ProblemException of(int status, HttpHeaders headers, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY);
        return of(status, headers, new String(bytes, StandardCharsets.UTF_8));
    }

    static ProblemException of(int status, HttpHeaders headers, String body) {
        String contentType = headers.firstValue("Content-Type").orElse("");
        if (contentType.contains("json") && !body.isBlank()) {
            try {
                JsonNode problem = JSON.readTree(body);
                if (problem != null && problem.isObject()) {
                    List<FieldError> errors = new ArrayList<>();
                    for (JsonNode error : problem.path("errors")) {
                        errors.add(new FieldError(
                                error.path("field").asString(""),
                                error.path("message").asString("")));
                    }
                    String detail = problem.path("detail").asString("");
                    return new ProblemException(
                            status,
                            problem.path("type").asString("about:blank"),
                            problem.path("title").asString(reason(status)),
                            detail.isEmpty() ? null : detail,
                            errors);
                }
            } catch (JacksonException e) {
                // Not the problem it says it is: reported by its status below.
            }
        }
        return new ProblemException(status, "about:blank", reason(status), null, List.of());
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }
}
