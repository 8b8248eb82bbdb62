package io.custodia.server.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import io.custodia.server.privacy.CodeSender;
import io.custodia.server.privacy.DevelopmentMailbox;
import io.custodia.server.privacy.SignInMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the requests tests share: filing, waiting for the workers, reading the development mailbox. */
abstract class RequestTestSupport extends CustodiaTest {
    static final String DEMO_PASSWORD = "custodia-demo-2026";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Autowired
    CodeSender sender;

    String dpo() {
        return basic("dpo", DEMO_PASSWORD);
    }

    String privacyFr() {
        return basic("privacy.fr", DEMO_PASSWORD);
    }

    ObjectNode request(String type, String entity, String scheme, String value, String channel) {
        ObjectNode body =
                json.createObjectNode().put("type", type).put("entity", entity).put("channel", channel);
        body.putObject("subject").put("scheme", scheme).put("value", value);
        return body;
    }

    JsonNode file(String authorization, ObjectNode body) {
        HttpResponse<String> response = post("/api/v1/requests", authorization, body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return parse(response);
    }

    JsonNode get(String id) {
        HttpResponse<String> response = get("/api/v1/requests/" + id, dpo());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response);
    }

    /** Waits until the workers brought the request to a state; fails after a minute. */
    JsonNode awaitRequest(String id, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JsonNode request = get(id);
        while (!done.test(request)) {
            assertThat(System.nanoTime()).as("request %s: %s", id, request).isLessThan(deadline);
            sleep(100);
            request = get(id);
        }
        return request;
    }

    JsonNode awaitStatus(String id, String status) {
        return awaitRequest(id, request -> request.get("status").asString().equals(status));
    }

    /** Asks the decision engine until it answers the reason (its replica follows the changes feed). */
    String awaitDecision(String entity, String scheme, String value, String purpose, String reason) {
        ObjectNode body = json.createObjectNode().put("entity", entity).put("purpose", purpose);
        body.putObject("subject").put("scheme", scheme).put("value", value);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> response = post("/api/v1/decisions", dpo(), body.toString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = parse(response);
            String got = answer.hasNonNull("reason")
                    ? answer.get("reason").asString()
                    : answer.get("effect").asString();
            if (got.equals(reason) || System.nanoTime() > deadline) {
                return got;
            }
            sleep(100);
        }
    }

    List<SignInMessage> messagesTo(String address) {
        return ((DevelopmentMailbox) sender)
                .messages().stream()
                        .map(DevelopmentMailbox.Delivered::message)
                        .filter(message -> message.to().equals(address))
                        .toList();
    }

    String lastCodeSentTo(String address) {
        List<SignInMessage> messages = messagesTo(address);
        assertThat(messages).isNotEmpty();
        Matcher matcher = CODE.matcher(messages.get(messages.size() - 1).text());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The field names a problem answer lists. */
    List<String> fields(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return parse(response)
                .get("errors")
                .valueStream()
                .map(error -> error.get("field").asString())
                .toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
