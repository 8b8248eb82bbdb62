package io.custodia.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import io.custodia.server.BrowserTest;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.StaffDirectory;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The register's console pages in a real browser: what an entity's staff see, and the editor's round trip. */
class RegisterPagesBrowserTest extends BrowserTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";
    private static final String PASSWORD = "register-browser-password";

    @Autowired
    Entities entities;

    @Autowired
    StaffDirectory directory;

    @Test
    void entityPrivacyOfficer_seesOnlyTheirEntitysActivities_andAnotherEntitysIsNotFound() {
        String kenyan = parse(get("/api/v1/activities?entity=KE", admin()))
                .get(0)
                .get("id")
                .asString();
        signIn("privacy.fr", DEMO_PASSWORD);

        page.navigate(url("/console/register"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Register of processing activities");
        assertThat(page.locator("table.data tbody tr td:nth-child(2)").allTextContents())
                .isNotEmpty()
                .containsOnly("FR");
        assertAccessible();

        page.getByLabel("Status").selectOption("draft");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply"))
                .click();
        page.waitForURL(address -> address.contains("status=draft"));
        assertThat(page.locator("table.data tbody tr .badge").allTextContents())
                .isNotEmpty()
                .containsOnly("Draft");

        Response foreign = page.navigate(url("/console/register/" + kenyan));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(page.locator("h1").textContent()).isEqualTo("Not found");

        page.navigate(url("/console/register/map"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Data map");
        assertThat(page.content()).doesNotContain("KE · ");
        assertAccessible();
    }

    @Test
    void dpo_savesANewActivity_afterFixingWhatTheEditorMarks() {
        String entity = "RB" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        entities.create(new GroupEntity(entity, "Browser test " + entity, "fr", ZoneId.of("Europe/Paris"), "FR"));
        String username = "rb-" + UUID.randomUUID().toString().substring(0, 12);
        directory.create(username, "Register browser tester", PASSWORD, Set.of(Role.DPO), false, List.of(entity));
        String name = "Browser billing " + UUID.randomUUID().toString().substring(0, 8);
        signIn(username, PASSWORD);

        page.navigate(url("/console/register/new?entity=" + entity));
        page.getByLabel("Purposes, one per line").fill("service.billing | contract");
        Response refused =
                page.waitForResponse(response -> response.url().endsWith("/console/register/new"), () -> page.getByRole(
                                AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save"))
                        .click());
        assertThat(refused.status()).isEqualTo(200);
        assertThat(page.getByRole(AriaRole.ALERT).first().textContent()).contains("The activity was not saved");
        assertThat(page.locator("#name").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#purposes").inputValue()).isEqualTo("service.billing | contract");
        assertAccessible();

        page.locator("#name").fill(name);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save"))
                .click();
        page.waitForURL(address -> address.contains("?saved"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Edit: " + name);
        assertThat(page.getByRole(AriaRole.STATUS).first().textContent()).contains("Saved.");

        page.navigate(url("/console/register?entity=" + entity));
        assertThat(page.locator("table.data tbody tr td:first-child").allTextContents())
                .containsExactly(name);
    }
}
