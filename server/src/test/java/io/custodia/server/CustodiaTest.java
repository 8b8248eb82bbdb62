package io.custodia.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Base of the server's integration tests: the real application on a random port, over real HTTP, on one
 * embedded PostgreSQL shared by every test class of the JVM (they share one Spring context, so keep the
 * configuration here and nowhere else). The demo group is loaded, as a person trying Custodia would see it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CustodiaTest {
    protected static final String ADMIN_PASSWORD = "test-admin-password";
    private static final Path HOME = createHome();

    @LocalServerPort
    protected int port;

    @Autowired
    protected ObjectMapper json;

    protected final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void custodiaProperties(DynamicPropertyRegistry registry) {
        registry.add("custodia.home", HOME::toString);
        registry.add("custodia.admin-password", () -> ADMIN_PASSWORD);
        registry.add("custodia.demo", () -> "true");
        registry.add("custodia.privacy.oidc.issuer-uri", CustomerIdentityProvider::issuer);
        registry.add("custodia.privacy.oidc.client-id", () -> CustomerIdentityProvider.CLIENT_ID);
        registry.add("custodia.privacy.oidc.client-secret", () -> "test-client-secret");
        registry.add("custodia.privacy.oidc.name", () -> "Demo Telecom ID");
    }

    private static Path createHome() {
        try {
            return Files.createTempDirectory("custodia-test-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected static String basic(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected HttpResponse<String> get(String path, String authorization) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", authorization)
                .GET()
                .build());
    }

    protected HttpResponse<String> getAnonymous(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    protected HttpResponse<String> post(String path, String authorization, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    protected HttpResponse<String> put(String path, String authorization, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected JsonNode parse(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    protected String admin() {
        return basic("admin", ADMIN_PASSWORD);
    }

    /**
     * A new entity under French law, created as the administrator. The database is shared by every test of the JVM
     * and never reset, so tests that need an entity of their own make one.
     *
     * @param prefix the first letter of the random code, telling which tests made it
     * @param label the start of its name
     * @return its code
     */
    protected String createEntity(char prefix, String label) {
        String code = prefix
                + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36)
                        .toUpperCase(Locale.ROOT);
        var body = json.createObjectNode()
                .put("code", code)
                .put("name", label + " " + code)
                .put("jurisdiction", "fr")
                .put("timeZone", "Europe/Paris")
                .put("country", "FR");
        var response = post("/api/v1/entities", admin(), body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return code;
    }
}
