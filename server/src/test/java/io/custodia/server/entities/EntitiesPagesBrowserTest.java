package io.custodia.server.entities;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.BrowserTest;
import org.junit.jupiter.api.Test;

/** The entities page in a real browser, in both languages. */
class EntitiesPagesBrowserTest extends BrowserTest {

    @Test
    void entitiesPage_showsEachJurisdictionsFigures_inEnglishAndFrench() {
        signIn("admin", ADMIN_PASSWORD);
        page.navigate(url("/console/entities?lang=en"));
        var france = page.locator(
                "tbody tr", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Custodia Télécom France"));
        assertThat(france.textContent()).contains("CNIL", "15 years", "72 h");
        var kenya = page.locator("tbody tr", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Kenya"));
        assertThat(kenya.textContent()).contains("ODPC");
        assertAccessible();

        page.navigate(url("/console/entities?lang=fr"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Entités et juridictions");
        assertThat(page.locator("tbody tr", new com.microsoft.playwright.Page.LocatorOptions().setHasText("France"))
                        .first()
                        .textContent())
                .contains("15 ans");
        assertAccessible();
    }
}
