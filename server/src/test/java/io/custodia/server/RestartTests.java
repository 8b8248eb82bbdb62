package io.custodia.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A restart on the same home folder keeps what was written: the embedded PostgreSQL keeps its data under
 * {@code CUSTODIA_HOME/db}, the first administrator keeps the password of the first start, and the demo group is
 * loaded only into an empty database. Starts the application twice on its own home, apart from the shared test
 * context.
 */
class RestartTests {
    private static final String FIRST_PASSWORD = "restart-first-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void restart_onTheSameHome_keepsEntitiesActivitiesAndTheAdministrator(@TempDir Path home) {
        String activityId;
        try (ConfigurableApplicationContext first = start(home, FIRST_PASSWORD, false)) {
            int port = port(first);
            assertThat(send(port, "POST", "/api/v1/entities", """
                            {"code": "RS", "name": "Restart SA", "jurisdiction": "fr", "timeZone": "Europe/Paris",
                             "country": "FR"}""").statusCode()).isEqualTo(201);
            HttpResponse<String> created = send(port, "POST", "/api/v1/activities", """
                    {"entity": "RS", "name": "Kept across restarts",
                     "purposes": [{"key": "service.billing", "legalBasis": "contract"}]}""");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            activityId = JSON.readTree(created.body()).get("id").asString();
        }

        // The second start asks for the demo and names another password: neither may touch a database in use.
        try (ConfigurableApplicationContext second = start(home, "restart-other-password", true)) {
            int port = port(second);
            HttpResponse<String> activity = send(port, "GET", "/api/v1/activities/" + activityId, null);
            assertThat(activity.statusCode()).as(activity.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(activity.body());
            assertThat(body.get("name").asString()).isEqualTo("Kept across restarts");
            assertThat(body.get("entity").asString()).isEqualTo("RS");
            assertThat(JSON.readTree(send(port, "GET", "/api/v1/entities", null).body())
                            .valueStream()
                            .map(entity -> entity.get("code").asString()))
                    .containsExactly("RS");
        }
    }

    private static ConfigurableApplicationContext start(Path home, String adminPassword, boolean demo) {
        return new SpringApplicationBuilder(CustodiaApplication.class)
                .run(
                        "--server.port=0",
                        "--custodia.home=" + home,
                        "--custodia.admin-password=" + adminPassword,
                        "--custodia.demo=" + demo);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Objects.requireNonNull(((WebServerApplicationContext) context).getWebServer(), "web server")
                .getPort();
    }

    private HttpResponse<String> send(int port, String method, String path, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("admin:" + FIRST_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
