package io.custodia.server.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import io.custodia.core.consent.AgeBand;
import io.custodia.server.BrowserTest;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The requests pages in a real browser: a customer asks for a copy of their data from the privacy center with the
 * keyboard alone, confirms, follows it and downloads the package; the DPO reads the SLA view and the request. Every
 * page passes axe in English and French.
 */
class RequestPagesBrowserTest extends BrowserTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";

    @Autowired
    Subjects subjects;

    @Autowired
    JdbcClient jdbc;

    private String email;

    @BeforeEach
    void customer() {
        jdbc.sql("delete from privacy_rate_limit").update();
        email = "requests." + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "@example.org";
        subjects.register(
                "system:test",
                new Subjects.NewSubject("FR", AgeBand.UNKNOWN, List.of(SubjectIdentifier.of("email", email))));
    }

    @Test
    void aCustomer_asksForACopy_withTheKeyboard_andDownloadsIt() throws Exception {
        signInToThePrivacyCenter(email, "en");
        page.navigate(url("/privacy/FR/requests"));
        assertThat(page.locator("main").textContent()).contains("You have made no request.");
        assertAccessible();

        Locator start = page.getByText("Get a copy of my data");
        for (int step = 0; step < 40 && !isFocused(start); step++) {
            page.keyboard().press("Tab");
        }
        assertThat(isFocused(start)).as("the start link is reachable with Tab").isTrue();
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.contains("/requests/new"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Confirm your request");
        assertAccessible();
        Locator confirm = page.getByText("Confirm my request");
        confirm.focus();
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.matches(".*/privacy/FR/requests/[0-9a-f-]{36}$"));
        assertThat(page.locator("main").textContent()).contains("We received your request.");
        assertAccessible();

        String detail = page.url();
        for (int attempt = 0; attempt < 100 && page.locator("text=Read my data").count() == 0; attempt++) {
            Thread.sleep(200);
            page.navigate(detail);
        }
        assertThat(page.locator("main").textContent()).contains("Your copy is ready to download.");
        assertAccessible();
        Download download =
                page.waitForDownload(() -> page.getByText("Download my data").click());
        assertThat(Files.readString(download.path())).contains("\"access\"");

        page.navigate(detail + "?lang=fr");
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo("fr");
        assertThat(page.locator("main").textContent()).contains("Nous avons reçu votre demande.");
        assertAccessible();
        page.navigate(url("/privacy/FR/requests?lang=fr"));
        assertAccessible();
        page.navigate(url("/privacy/FR/requests/new?type=rectification&lang=fr"));
        assertAccessible();

        page.navigate(url("/privacy/FR/requests/new?type=rectification&lang=en"));
        page.locator("#category").selectOption("user.contact.phone_number");
        page.locator("#value").fill("+33 6 12 34 56 78");
        page.getByText("Confirm my request").click();
        page.waitForURL(url -> url.matches(".*/privacy/FR/requests/[0-9a-f-]{36}$"));
        assertThat(page.locator("h1").textContent()).isEqualTo("My request for a correction of my data");
        page.navigate(url("/privacy/FR/requests"));
        assertThat(page.locator("main li.card").count()).isGreaterThanOrEqualTo(2);
        assertAccessible();
    }

    @Test
    void theDpo_readsTheSlaView_andARequest() {
        // A request received by e-mail stays open while it waits for its code.
        var body = json.createObjectNode()
                .put("type", "access")
                .put("entity", "FR")
                .put("channel", "email");
        body.putObject("subject").put("scheme", "email").put("value", email);
        var filed = post("/api/v1/requests", basic("dpo", DEMO_PASSWORD), body.toString());
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String id = parse(filed).get("id").asString();

        signIn("dpo", DEMO_PASSWORD);
        for (String language : List.of("en", "fr")) {
            page.navigate(url("/console/requests?lang=" + language));
            assertThat(page.locator("#open-requests a[href$='" + id + "']").count())
                    .isEqualTo(1);
            assertAccessible();
        }
        page.navigate(url("/console/requests?sort=entity&dir=desc&lang=en"));
        assertAccessible();
        page.locator("#open-requests a[href$='" + id + "']").click();
        page.waitForURL(url -> url.endsWith("/console/requests/" + id));
        assertAccessible();
        page.locator("#reason").fill("Archives to search in three countries");
        page.getByText("Extend the deadline").click();
        page.waitForURL(url -> url.endsWith("/console/requests/" + id));
        assertThat(page.locator("main").textContent()).contains("Archives to search in three countries");
        assertAccessible();
    }

    private boolean isFocused(Locator locator) {
        return (Boolean) locator.evaluate("element => element === document.activeElement");
    }
}
