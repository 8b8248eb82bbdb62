package io.custodia.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.custodia.core.consent.AgeBand;
import io.custodia.server.BrowserTest;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The privacy center in a real browser: a customer signs in with the code from the development mailbox, reads what
 * is held about them, withdraws a consent (which the decision API applies at once), downloads a signed receipt and
 * asks for a copy of their data;
 * every page passes axe (WCAG 2.1 AA) in English and French, and the whole journey works with the keyboard alone.
 */
class PrivacyCenterBrowserTest extends BrowserTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";
    private static final String OFFERS = "marketing.personalised_offers";

    @Autowired
    Subjects subjects;

    @Autowired
    JdbcClient jdbc;

    private String email;

    @BeforeEach
    void customer() {
        jdbc.sql("delete from privacy_rate_limit").update();
        email = "browser." + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "@example.org";
        subjects.register(
                "system:test",
                new Subjects.NewSubject("FR", AgeBand.UNKNOWN, List.of(SubjectIdentifier.of("email", email))));
    }

    @Test
    void customer_signsIn_readsTheOverview_withdraws_andTheDecisionDeniesAtOnce_downloadsTheReceipt_andAsksForACopy()
            throws Exception {
        signInToThePrivacyCenter(email, "en");
        assertThat(page.locator("h1").textContent()).isEqualTo("What we hold about you, and why");
        assertThat(page.locator("#held-heading").textContent()).isEqualTo("The data we hold");
        assertThat(page.locator("main").textContent())
                .contains("Who else receives it", "How long it is kept", "What you get in return");
        screenshot("privacy-overview.png");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("My choices"))
                .click();
        Locator offers = page.locator("#purpose-marketing-personalised_offers");
        assertThat(offers.locator(".state").textContent()).isEqualTo("Off");
        offers.getByRole(AriaRole.BUTTON).click();
        PlaywrightAssertions.assertThat(page.locator("p[role=status]")).hasText("Your consent is recorded.");
        assertThat(offers.locator(".state").textContent()).isEqualTo("On");
        assertThat(decide().get("effect").asString()).isEqualTo("ALLOW");
        screenshot("privacy-choices.png");

        offers.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("^Turn off")))
                .click();
        PlaywrightAssertions.assertThat(page.locator("p[role=status]"))
                .hasText("Your consent is withdrawn. It applies at once.");
        assertThat(offers.locator(".state").textContent()).isEqualTo("Off");
        JsonNode decision = decide();
        assertThat(decision.get("effect").asString()).isEqualTo("DENY");
        assertThat(decision.get("reason").asString()).isEqualTo("withdrawn");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("History"))
                .click();
        Locator events = page.locator("ol.history > li");
        assertThat(events.count()).isEqualTo(2);
        assertThat(events.nth(0).textContent()).contains("You withdrew your consent", "Website", "Version 1");
        assertThat(events.nth(1).textContent()).contains("You consented");
        Download download = page.waitForDownload(() -> events.nth(0)
                .getByRole(
                        AriaRole.LINK, new Locator.GetByRoleOptions().setName(Pattern.compile("^Download the receipt")))
                .click());
        JWSObject receipt = JWSObject.parse(Files.readString(download.path()));
        JWKSet keys = JWKSet.parse(getAnonymous("/.well-known/jwks.json").body());
        ECKey key = (ECKey) keys.getKeyByKeyId(receipt.getHeader().getKeyID());
        assertThat(receipt.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(receipt.getPayload().toString()).contains(OFFERS);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("My requests"))
                .click();
        page.getByText("Get a copy of my data").click();
        page.waitForURL(address -> address.contains("/requests/new"));
        page.getByText("Confirm my request").click();
        page.waitForURL(address -> address.matches(".*/privacy/FR/requests/[0-9a-f-]{36}$"));
        assertThat(page.locator("main").textContent()).contains("We received your request.");
        screenshot("privacy-request.png");
    }

    @Test
    void aChoiceSentTwice_isRecordedOnce() {
        signInToThePrivacyCenter(email, "en");
        page.navigate(url("/privacy/FR/choices"));
        Locator offers = page.locator("#purpose-marketing-personalised_offers");
        // The same form, posted again as a double click or a resubmission would.
        String form =
                (String) offers.locator("form").evaluate("form => new URLSearchParams(new FormData(form)).toString()");
        for (int post = 0; post < 2; post++) {
            var response = page.request()
                    .post(
                            url("/privacy/FR/choices"),
                            com.microsoft.playwright.options.RequestOptions.create()
                                    .setHeader("Content-Type", "application/x-www-form-urlencoded")
                                    .setData(form)
                                    .setMaxRedirects(0));
            assertThat(response.status()).isEqualTo(302);
        }
        page.navigate(url("/privacy/FR/history"));
        assertThat(page.locator("ol.history > li").count()).isEqualTo(1);
    }

    @Test
    void everyPage_passesAxe_inEnglishAndFrench() {
        page.navigate(url("/privacy?lang=en"));
        assertAccessible();
        page.navigate(url("/privacy/FR/sign-in?lang=fr"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Se connecter à votre espace confidentialité");
        assertAccessible();
        page.getByLabel("Votre adresse e-mail").fill("pas une adresse");
        page.locator("form").evaluate("form => form.noValidate = true");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Recevoir un code"))
                .click();
        assertThat(page.locator(".error-summary").textContent()).contains("Saisissez une adresse e-mail");
        assertAccessible();

        for (String language : List.of("fr", "en")) {
            context.clearCookies();
            signInToThePrivacyCenter(email, language);
            for (String section : List.of("", "/choices", "/devices", "/requests", "/history")) {
                page.navigate(url("/privacy/FR" + section));
                assertThat(page.locator("html").getAttribute("lang")).isEqualTo(language);
                assertAccessible();
            }
        }
        page.navigate(url("/dev/mailbox"));
        assertAccessible();

        context.clearCookies();
        page.navigate(url("/privacy/FR/sign-in?lang=en"));
        page.locator("#email").fill(email);
        page.locator("form.stack button[type=submit]").click();
        page.waitForURL(url -> url.endsWith("/sign-in/code"));
        page.locator("#code").fill("12345678");
        page.locator("form.stack button[type=submit]").click();
        assertThat(page.locator(".error-summary").textContent()).contains("This code is not right.");
        assertAccessible();

        String stranger = "limit." + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "@example.org";
        for (int request = 1; request <= RateLimits.Limit.CODES_PER_ADDRESS.hits; request++) {
            page.navigate(url("/privacy/FR/sign-in"));
            page.locator("#email").fill(stranger);
            page.locator("form.stack button[type=submit]").click();
            page.waitForURL(url -> url.endsWith("/sign-in/code"));
        }
        page.navigate(url("/privacy/FR/sign-in"));
        page.locator("#email").fill(stranger);
        page.locator("form.stack button[type=submit]").click();
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Too many attempts");
        assertAccessible();
    }

    @Test
    void theLanguage_followsTheBrowser_andALinkSwitchesIt() {
        var french = context.browser()
                .newContext(new com.microsoft.playwright.Browser.NewContextOptions().setLocale("fr-FR"));
        try {
            Page frenchPage = french.newPage();
            frenchPage.navigate(url("/privacy/FR/sign-in"));
            assertThat(frenchPage.locator("h1").textContent()).isEqualTo("Se connecter à votre espace confidentialité");
            frenchPage
                    .getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("English"))
                    .click();
            assertThat(frenchPage.locator("h1").textContent()).isEqualTo("Sign in to your privacy center");
            frenchPage.navigate(url("/privacy/FR/sign-in"));
            assertThat(frenchPage.locator("h1").textContent()).isEqualTo("Sign in to your privacy center");
        } finally {
            french.close();
        }
    }

    @Test
    void theWholeJourney_worksWithTheKeyboardAlone() {
        page.navigate(url("/privacy/FR/sign-in?lang=en"));
        tabTo(page.getByLabel("Your e-mail address"));
        page.keyboard().type(email);
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.endsWith("/sign-in/code"));
        String code = mailedCode(email);
        page.navigate(url("/privacy/FR/sign-in/code"));
        tabTo(page.getByLabel("Code from the e-mail"));
        page.keyboard().type(code);
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.endsWith("/privacy/FR"));

        tabTo(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("My choices")));
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.endsWith("/privacy/FR/choices"));
        Locator offers = page.locator("#purpose-marketing-personalised_offers");
        tabTo(offers.getByRole(AriaRole.BUTTON));
        page.keyboard().press("Enter");
        // The page reloads after the post: Playwright's assertion waits for the new state.
        PlaywrightAssertions.assertThat(offers.locator(".state")).hasText("On");
        tabTo(offers.getByRole(AriaRole.BUTTON));
        page.keyboard().press("Space");
        PlaywrightAssertions.assertThat(offers.locator(".state")).hasText("Off");

        tabTo(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")));
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.endsWith("/privacy/FR/sign-in"));
    }

    /** Presses Tab until the element has the focus, failing when it is not reachable in a page's worth of stops. */
    private void tabTo(Locator target) {
        for (int stop = 0; stop < 80; stop++) {
            page.keyboard().press("Tab");
            if ((Boolean) target.evaluate("element => element === document.activeElement")) {
                return;
            }
        }
        throw new AssertionError("not reachable with the Tab key: " + target);
    }

    private JsonNode decide() {
        ObjectNode body = json.createObjectNode().put("entity", "FR").put("purpose", OFFERS);
        body.putObject("subject").put("scheme", "email").put("value", email);
        var response = post("/api/v1/decisions", basic("dpo", DEMO_PASSWORD), body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response);
    }

    /** Keeps a small picture of the page for the docs when {@code custodia.screenshots} names a folder. */
    private void screenshot(String name) {
        String folder = System.getProperty("custodia.screenshots", "");
        if (folder.isBlank()) {
            return;
        }
        page.setViewportSize(390, 844);
        page.evaluate("window.scrollTo(0, 0)");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(folder, name)));
        page.setViewportSize(1280, 800);
        page.evaluate("window.scrollTo(0, 0)");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(folder, name.replace(".png", "-desktop.png"))));
        page.setViewportSize(1280, 720);
    }
}
