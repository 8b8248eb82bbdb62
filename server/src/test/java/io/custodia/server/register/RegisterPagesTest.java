package io.custodia.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.identity.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The register's console pages, through a signed-in browser session. */
class RegisterPagesTest extends RegisterTestSupport {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** A console session of a staff member: cookies and the CSRF token of the last page read. */
    final class Session {
        private final HttpClient browser =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        private String csrf = "";

        Session(String username) {
            HttpResponse<String> login = page("/login");
            assertThat(login.statusCode()).isEqualTo(200);
            HttpResponse<String> signedIn = form("/login", Map.of("username", username, "password", PASSWORD));
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location"))
                    .hasValueSatisfying(location -> assertThat(location).endsWith("/console"));
        }

        HttpResponse<String> page(String path) {
            HttpResponse<String> response =
                    exchange(HttpRequest.newBuilder(uri(path)).GET().build());
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return response;
        }

        HttpResponse<String> form(String path, Map<String, String> fields) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("_csrf", csrf);
            return formWithoutToken(path, all);
        }

        /** Posts a form as a page of another site would: the session cookie goes along, the token does not. */
        HttpResponse<String> formWithoutToken(String path, Map<String, String> fields) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            String body = all.entrySet().stream()
                    .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return exchange(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
        }

        private HttpResponse<String> exchange(HttpRequest request) {
            try {
                return browser.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    /** A DPO of a new entity, signed in to the console. */
    record Dpo(String entity, String api, Session console) {}

    Dpo signedInDpo() {
        String entity = newEntity();
        String username = "reg-" + UUID.randomUUID().toString().substring(0, 12);
        staffDirectory.create(username, "Console DPO", PASSWORD, Set.of(Role.DPO), false, List.of(entity));
        return new Dpo(entity, basic(username, PASSWORD), new Session(username));
    }

    @Test
    void list_showsTheEntitysActivities_withStatusInWords() {
        Dpo dpo = signedInDpo();
        String name = unique("Console listed");
        ObjectNode activity = completeActivity(dpo.entity(), name);
        activity.put("status", "active");
        created(post("/api/v1/activities", dpo.api(), activity.toString()));

        var page = dpo.console().page("/console/register?entity=" + dpo.entity());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains(name)
                .contains("class=\"badge active\">Active</span>")
                .contains("service.billing")
                .contains("aria-current=\"page\"");

        var french = dpo.console().page("/console/register?entity=" + dpo.entity() + "&lang=fr");
        assertThat(french.body())
                .contains("Registre des activités de traitement")
                .contains(">Active</span>");
        assertThat(dpo.console()
                        .page("/console/register?status=retired&entity=" + dpo.entity())
                        .body())
                .doesNotContain(name);
    }

    @Test
    void editor_showsEveryErrorNextToItsField_andStoresNothing() {
        Dpo dpo = signedInDpo();
        var editor = dpo.console().page("/console/register/new?entity=" + dpo.entity());
        assertThat(editor.statusCode()).isEqualTo(200);
        assertThat(editor.body()).contains("name=\"dataCategories\"").contains("user.health");

        var response = dpo.console()
                .form(
                        "/console/register/new",
                        Map.of(
                                "entity", dpo.entity(),
                                "name", "",
                                "purposes", "service.billing | contract\nmarketing.nonsense | consent | notice-1",
                                "retentionPeriod", "forever"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("role=\"alert\"")
                .containsPattern("id=\"name\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"err-name\"")
                .contains("id=\"err-name\"")
                .contains("id=\"err-purposes\"")
                .contains("line 2: unknown purpose")
                .containsPattern("id=\"retentionPeriod\"[^>]*aria-invalid=\"true\"")
                .contains("marketing.nonsense");
        assertThat(parse(get("/api/v1/activities?entity=" + dpo.entity(), dpo.api())))
                .isEmpty();
    }

    @Test
    void editor_savesADraft_thenShowsWhatIsMissing_andActivatesOnceComplete() {
        Dpo dpo = signedInDpo();
        String name = unique("Console draft");
        dpo.console().page("/console/register/new?entity=" + dpo.entity());
        var saved = dpo.console()
                .form(
                        "/console/register/new",
                        Map.of(
                                "entity", dpo.entity(),
                                "name", name,
                                "controllerContact", "Custodia Test SA",
                                "purposes", "service.billing | contract",
                                "dataCategories", "user.contact.email",
                                "subjectTypes", "customer",
                                "retentionPeriod", "P5Y",
                                "retentionTrigger", "end of contract",
                                "explanationEn", "We bill you."));
        assertThat(saved.statusCode()).isEqualTo(302);
        String location = saved.headers().firstValue("Location").orElseThrow();
        String id = location.replaceAll(".*/console/register/([0-9a-f-]+).*", "$1");

        var editor = dpo.console().page("/console/register/" + id + "?saved");
        assertThat(editor.body())
                .contains("Saved.")
                .contains("explanation.fr")
                .contains("customerValue.en")
                .contains("value=\"P5Y\"");

        var refused = dpo.console()
                .form("/console/register/" + id + "/status", Map.of("status", "active", "reason", "launch"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"err-explanationFr\"");

        var edited = dpo.console()
                .form(
                        "/console/register/" + id,
                        fields(
                                "version", "1",
                                "name", name,
                                "controllerContact", "Custodia Test SA",
                                "purposes", "service.billing | contract",
                                "dataCategories", "user.contact.email",
                                "subjectTypes", "customer",
                                "retentionPeriod", "P5Y",
                                "explanationEn", "We bill you.",
                                "explanationFr", "Nous vous facturons.",
                                "customerValueEn", "Correct bills.",
                                "customerValueFr", "Des factures justes."));
        assertThat(edited.statusCode()).isEqualTo(302);
        dpo.console().page("/console/register/" + id);
        var activated = dpo.console()
                .form("/console/register/" + id + "/status", Map.of("status", "active", "reason", "launch"));
        assertThat(activated.statusCode()).isEqualTo(302);
        assertThat(parse(get("/api/v1/activities/" + id, dpo.api()))
                        .get("status")
                        .asString())
                .isEqualTo("active");
    }

    @Test
    void map_crossesActivitiesWithDataCategoriesAndRecipients() {
        Dpo dpo = signedInDpo();
        var recipient = json.createObjectNode()
                .put("entity", dpo.entity())
                .put("key", "mailer")
                .put("name", "Mailer")
                .put("role", "processor")
                .put("country", "DE")
                .put("status", "approved");
        created(post("/api/v1/recipients", dpo.api(), recipient.toString()));
        String name = unique("Mapped");
        ObjectNode activity = completeActivity(dpo.entity(), name);
        activity.putArray("recipients").add("mailer");
        created(post("/api/v1/activities", dpo.api(), activity.toString()));

        var map = dpo.console().page("/console/register/map?entity=" + dpo.entity());
        assertThat(map.statusCode()).isEqualTo(200);
        assertThat(map.body())
                .contains("Activities and the categories of personal data they use")
                .contains("user.account.customer_number")
                .contains(name)
                .contains(dpo.entity() + " · mailer")
                .contains("<span class=\"visually-hidden\">uses</span>");
    }

    @Test
    void consoleExport_servesThePrintableReport() {
        Dpo dpo = signedInDpo();
        String name = unique("Printed");
        created(post(
                "/api/v1/activities",
                dpo.api(),
                completeActivity(dpo.entity(), name).toString()));
        var report = dpo.console().page("/console/register/export?format=html&entity=" + dpo.entity());
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains(name).contains("Time limits for erasure");
        assertThat(report.headers().firstValue("Content-Security-Policy")).hasValue(RegisterFiles.REPORT_CSP);
    }

    @Test
    void foreignActivity_isNotFound_likeAMissingOne() {
        String theirs = newEntity();
        String theirId = created(post(
                        "/api/v1/activities",
                        dpoOf(theirs),
                        completeActivity(theirs, unique("Foreign")).toString()))
                .get("id")
                .asString();
        Dpo dpo = signedInDpo();
        var foreign = dpo.console().page("/console/register/" + theirId);
        var missing = dpo.console().page("/console/register/00000000-0000-4000-8000-000000000000");
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).contains("There is no such activity").doesNotContain("Foreign");
    }

    @Test
    void anotherEntitysRegister_isNeverShown_inTheListMapEditorOrExports() {
        String theirs = newEntity();
        String theirName = unique("Console foreign");
        created(post(
                "/api/v1/activities",
                dpoOf(theirs),
                completeActivity(theirs, theirName).toString()));
        Dpo dpo = signedInDpo();

        assertThat(dpo.console().page("/console/register").body()).doesNotContain(theirName);
        assertThat(dpo.console().page("/console/register?entity=" + theirs).body())
                .doesNotContain(theirName);
        assertThat(dpo.console().page("/console/register/map?entity=" + theirs).body())
                .doesNotContain(theirName);
        assertThat(dpo.console().page("/console/register/export?format=csv").body())
                .doesNotContain(theirName);
        assertThat(dpo.console()
                        .page("/console/register/export?format=html&entity=" + theirs)
                        .statusCode())
                .isEqualTo(404);
        assertThat(dpo.console().page("/console/register/new?entity=" + theirs).statusCode())
                .isEqualTo(404);
        var intrusion =
                dpo.console().form("/console/register/new", Map.of("entity", theirs, "name", unique("Intrusion")));
        assertThat(intrusion.statusCode()).isEqualTo(404);
        assertThat(parse(get("/api/v1/activities?entity=" + theirs, admin()))).hasSize(1);
    }

    @Test
    void consoleForms_withoutTheCsrfToken_areRefused_andChangeNothing() {
        Dpo dpo = signedInDpo();
        String name = unique("Forged");
        var forged = dpo.console()
                .formWithoutToken(
                        "/console/register/new",
                        Map.of("entity", dpo.entity(), "name", name, "purposes", "service.billing | contract"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(parse(get("/api/v1/activities?entity=" + dpo.entity(), dpo.api())))
                .isEmpty();
        assertThat(dpo.console()
                        .formWithoutToken("/console/taxonomy/terms", Map.of("kind", "purpose", "key", "x"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void consoleExport_inAnUnknownFormat_answers400() {
        Dpo dpo = signedInDpo();
        assertThat(dpo.console()
                        .page("/console/register/export?format=pdf&entity=" + dpo.entity())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void auditor_seesTheEditorReadOnly() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        String id = created(post(
                        "/api/v1/activities",
                        dpo,
                        completeActivity(entity, unique("Read only")).toString()))
                .get("id")
                .asString();
        String username = "reg-" + UUID.randomUUID().toString().substring(0, 12);
        staffDirectory.create(username, "Console auditor", PASSWORD, Set.of(Role.AUDITOR), false, List.of(entity));
        Session auditor = new Session(username);
        var editor = auditor.page("/console/register/" + id);
        assertThat(editor.statusCode()).isEqualTo(200);
        assertThat(editor.body()).contains("changing it needs the DPO").doesNotContain(">Save</button>");
        assertThat(auditor.form("/console/register/" + id + "/status", Map.of("status", "retired"))
                        .statusCode())
                .isEqualTo(403);
    }
}
