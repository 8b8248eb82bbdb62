package io.custodia.server.taxonomy;

import static io.custodia.server.taxonomy.TaxonomyFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import io.custodia.server.BrowserTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console's taxonomy page in a real browser: browsing, filtering, adding a term, importing a file. */
class TaxonomyPagesBrowserTest extends BrowserTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";

    @Test
    void taxonomyPage_showsTheTrees_withSpecialCategoriesNamedInText_andIsAccessible() {
        signIn("admin", ADMIN_PASSWORD);
        page.navigate(url("/console/taxonomy"));

        assertThat(page.locator("h1").textContent()).isEqualTo("Taxonomy");
        assertThat(page.locator("h2").allTextContents())
                .containsSubsequence(
                        "Purposes",
                        "Data categories",
                        "Subject types",
                        "Legal bases",
                        "Add a term",
                        "Import a taxonomy");
        Locator health = page.locator("#term-data_category-user\\.health > .term");
        assertThat(health.locator(".term-name").textContent()).isEqualTo("Health data");
        assertThat(health.locator(".badge.special").textContent()).contains("Special category");
        assertThat(page.locator("#term-data_category-user\\.contact\\.email").textContent())
                .contains("Email address", "user.contact.email", "pd:EmailAddress");
        // The tree nests: an email address sits under contact details, which sit under personal data.
        assertThat(page.locator("#term-data_category-user #term-data_category-user\\.contact "
                                + "#term-data_category-user\\.contact\\.email")
                        .count())
                .isEqualTo(1);
        assertThat(page.getByRole(
                                AriaRole.ROWHEADER,
                                new com.microsoft.playwright.Page.GetByRoleOptions().setName("Legitimate interest"))
                        .count())
                .isEqualTo(1);
        assertAccessible();
    }

    @Test
    void taxonomyPage_inFrench_namesTermsInFrench() {
        signIn("admin", ADMIN_PASSWORD);
        page.navigate(url("/console/taxonomy?lang=fr"));

        assertThat(page.locator("h1").textContent()).isEqualTo("Taxonomie");
        Locator health = page.locator("#term-data_category-user\\.health > .term");
        assertThat(health.locator(".term-name").textContent()).isEqualTo("Données de santé");
        assertThat(health.locator(".badge.special").textContent()).contains("Catégorie particulière");
        assertThat(page.locator("#bases-heading").textContent()).isEqualTo("Bases légales");
        assertAccessible();
    }

    @Test
    void filter_keepsMatchingTermsAndTheirParents() {
        signIn("admin", ADMIN_PASSWORD);
        page.navigate(url("/console/taxonomy"));

        page.getByLabel("Filter").fill("contact.email");
        page.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Apply"))
                .click();

        // Waits for the filtered page to load, not just for its address to change.
        page.waitForURL(address -> address.contains("q=contact.email"));
        Locator categories = page.locator("section[aria-labelledby=categories-heading] .term-name");
        assertThat(categories.allTextContents()).containsExactly("Personal data", "Contact details", "Email address");
        assertThat(page.locator("section[aria-labelledby=subjects-heading]").textContent())
                .contains("No term matches the filter.");
    }

    @Test
    void entityPrivacyOfficer_addsATerm_afterFixingInlineErrors() {
        signIn("privacy.fr", DEMO_PASSWORD);
        page.navigate(url("/console/taxonomy"));
        Locator entity = page.locator("#term-entity option");
        assertThat(entity.allTextContents()).containsExactly("FR — extension of Custodia Télécom France SA");

        page.getByLabel("Key", new com.microsoft.playwright.Page.GetByLabelOptions().setExact(true))
                .fill("User Fax");
        Response refused = page.waitForResponse(
                response -> response.url().endsWith("/console/taxonomy/terms"), () -> page.getByRole(
                                AriaRole.BUTTON,
                                new com.microsoft.playwright.Page.GetByRoleOptions().setName("Add the term"))
                        .click());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(page.getByRole(AriaRole.ALERT).first().textContent()).contains("The term was not added");
        assertThat(page.locator("#term-key").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#term-key-error").textContent()).contains("is not a taxonomy key");
        assertThat(page.locator("#term-name-en-error").textContent()).contains("an English name is required");
        assertAccessible();

        String key = "user.contact." + unique("fax");
        page.locator("#term-kind").selectOption("data_category");
        page.locator("#term-key").fill(key);
        page.locator("#term-name-en").fill("Fax number");
        page.locator("#term-name-fr").fill("Numéro de fax");
        page.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Add the term"))
                .click();

        page.waitForURL(address -> address.contains("entity=FR"));
        assertThat(page.getByRole(AriaRole.STATUS).first().textContent()).contains(key);
        Locator added = page.locator("#term-data_category-" + key.replace(".", "\\.") + " > .term");
        assertThat(added.textContent()).contains("Fax number", "Extension of FR", "pd:Contact");
    }

    @Test
    void import_ofAFideslangFile_showsTheSummary_orEveryError() {
        signIn("dpo", DEMO_PASSWORD);
        page.navigate(url("/console/taxonomy"));
        String key = "user.contact." + unique("pager");
        String good = "data_category:\n  - fides_key: " + key + "\n    name: Pager\n    parent_key: user.contact\n";

        page.locator("#import-file")
                .setInputFiles(new FilePayload("pager.yml", "application/yaml", good.getBytes(StandardCharsets.UTF_8)));
        page.getByLabel("The file is in fideslang format (Fides)").check();
        page.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Import"))
                .click();

        assertThat(page.locator("#import [role=status]").textContent())
                .contains("Import done: 1 created, 0 updated, 0 unchanged.");
        assertThat(page.locator("#term-data_category-" + key.replace(".", "\\."))
                        .count())
                .isEqualTo(1);
        assertAccessible();

        String bad = "data_category:\n  - fides_key: " + key + "\n  - fides_key: user.Contact.Beeper\n";
        page.locator("#import-file")
                .setInputFiles(new FilePayload("bad.yml", "application/yaml", bad.getBytes(StandardCharsets.UTF_8)));
        page.getByLabel("The file is in fideslang format (Fides)").check();
        page.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Import"))
                .click();

        assertThat(page.locator("#import [role=alert]").textContent())
                .contains("Nothing was imported", "data_category[1].fides_key");
    }

    @Test
    void auditor_browsesButSeesNoForms() {
        signIn("auditor", DEMO_PASSWORD);
        page.navigate(url("/console/taxonomy"));

        assertThat(page.locator("h1").textContent()).isEqualTo("Taxonomy");
        assertThat(page.locator("#add-term").count()).isZero();
        assertThat(page.locator("#import").count()).isZero();
        var export = page.request().get(url("/console/taxonomy/export"));
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.headers().get("content-disposition")).contains("taxonomy.yaml");
        assertThat(export.text()).contains("format: custodia-taxonomy/1", "key: user.health");
    }
}
