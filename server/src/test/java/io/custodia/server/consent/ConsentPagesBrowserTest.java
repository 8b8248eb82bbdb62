package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.custodia.server.BrowserTest;
import java.nio.file.Files;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The console's consent pages in a real browser: a customer's timeline, and the agent's view for phone calls. */
class ConsentPagesBrowserTest extends BrowserTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";

    @Test
    void timeline_showsEachChoiceWithItsChannelActorNoticeAndReceipt_inFrench() throws Exception {
        String customer = "FR-B"
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36)
                        .toUpperCase(Locale.ROOT);
        record("FR", customer, "marketing.personalised_offers", "granted", "web");
        record("FR", customer, "marketing.personalised_offers", "withdrawn", "app");

        signIn("dpo", DEMO_PASSWORD);
        page.navigate(url("/console/consents?lang=fr"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Consentements des clients");
        page.getByLabel("Entité").selectOption("FR");
        page.getByLabel("Identifiant", new Page.GetByLabelOptions().setExact(true))
                .selectOption("customer_id");
        page.getByLabel("Valeur").fill(customer);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rechercher"))
                .click();

        Locator offers = page.locator(
                "section[aria-labelledby=states-heading] tbody tr",
                new Page.LocatorOptions().setHasText("Offres personnalisées"));
        assertThat(offers.textContent()).contains("Consentement retiré");
        Locator rows = page.locator("section[aria-labelledby=timeline-heading] tbody tr");
        assertThat(rows.count()).isEqualTo(2);
        assertThat(rows.nth(0).textContent())
                .contains("A retiré son consentement", "Application", "Group DPO (dpo), pour le client");
        assertThat(rows.nth(1).textContent()).contains("A consenti", "Site web");
        assertThat(rows.nth(0)
                        .getByRole(
                                AriaRole.LINK,
                                new Locator.GetByRoleOptions()
                                        .setName("Information notice.marketing.offers, version 1"))
                        .getAttribute("href"))
                .isEqualTo("/notices/FR/notice.marketing.offers/1?lang=en");
        assertAccessible();

        Download download = page.waitForDownload(() -> rows.nth(0)
                .getByRole(
                        AriaRole.LINK,
                        new Locator.GetByRoleOptions().setName(java.util.regex.Pattern.compile("^Télécharger le reçu")))
                .click());
        String receipt = Files.readString(download.path());
        assertThat(receipt.split("\\.")).hasSize(3);
        assertThat(download.suggestedFilename()).startsWith("consent-receipt-").endsWith(".jws");
    }

    @Test
    void supportAgent_recordsAChoiceMadeOnThePhone_afterReadingTheNoticeAndConfirming() {
        String customer = "SN-B"
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36)
                        .toUpperCase(Locale.ROOT);
        signIn("agent.sn", DEMO_PASSWORD);
        page.navigate(url("/console/consents?lang=en"));

        page.getByLabel("Value").fill(customer);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS).first().textContent())
                .contains("No customer of Custodia Télécom Sénégal SA");

        page.getByLabel("Purpose").selectOption("service.customer_care.call_recording");
        page.getByLabel("Agrees").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();

        assertThat(page.locator("h1").textContent()).isEqualTo("Confirm the customer's choice");
        assertThat(page.locator("dl.summary").textContent())
                .contains("Customer number " + customer, "Recording customer-care calls", "Agrees", "Call centre");
        assertThat(page.locator("blockquote.notice-text").textContent()).contains("record");
        assertAccessible();
        FormData again = FormData.create();
        Locator hidden = page.locator("form[action$='/console/consents/record/confirm'] input[type=hidden]");
        for (int index = 0; index < hidden.count(); index++) {
            again.set(hidden.nth(index).getAttribute("name"), hidden.nth(index).getAttribute("value"));
        }
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm and record"))
                .click();

        assertThat(page.getByRole(AriaRole.STATUS).first().textContent())
                .contains("Recorded: Recording customer-care calls, Agrees.");
        Locator state = page.locator(
                "section[aria-labelledby=states-heading] tbody tr",
                new Page.LocatorOptions().setHasText("Recording customer-care calls"));
        assertThat(state.textContent()).contains("Consent given", "version 1");
        Locator rows = page.locator("section[aria-labelledby=timeline-heading] tbody tr");
        assertThat(rows.first().textContent())
                .contains("Gave consent", "Call centre", "Customer care agent, Senegal (agent.sn), for the customer");
        assertAccessible();

        // The same confirmation sent again (a double click, a reload) records nothing more.
        APIResponse resent = context.request()
                .post(
                        url("/console/consents/record/confirm"),
                        RequestOptions.create().setForm(again));
        assertThat(resent.status()).isEqualTo(200);
        assertThat(resent.text()).contains("Recorded: Recording customer-care calls, Agrees.");
        page.setContent(resent.text());
        assertThat(rows.count()).isEqualTo(1);
    }

    @Test
    void agentView_refusesAnAnswerThePurposeDoesNotTake_andAuditorsSeeNoForm() {
        signIn("agent.sn", DEMO_PASSWORD);
        page.navigate(url("/console/consents?lang=en"));
        page.getByLabel("Value").fill("SN-0000042");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search"))
                .click();
        page.getByLabel("Purpose").selectOption("marketing.personalised_offers");
        page.getByLabel("Objects").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();

        assertThat(page.getByRole(AriaRole.ALERT).textContent()).contains("on consent, agrees, refuses or withdraws");
        assertThat(page.locator("#action").getAttribute("aria-describedby")).isEqualTo("err-action");
        assertAccessible();

        context.clearCookies();
        signIn("auditor", DEMO_PASSWORD);
        page.navigate(url("/console/consents?lang=en"));
        page.getByLabel("Entity").selectOption("SN");
        page.getByLabel("Value").fill("SN-0000042");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search"))
                .click();
        assertThat(page.locator("#record-heading").count()).isZero();
        assertThat(page.locator("#states-heading").count()).isEqualTo(1);
    }

    private void record(String entity, String customer, String purpose, String action, String channel) {
        ObjectNode body = json.createObjectNode();
        body.putObject("subject").put("scheme", "customer_id").put("value", customer);
        body.put("entity", entity)
                .put("purpose", purpose)
                .put("action", action)
                .put("noticeVersion", 1)
                .put("channel", channel);
        var response = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/consents"))
                .header("Authorization", basic("dpo", DEMO_PASSWORD))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "browser-" + UUID.randomUUID())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
