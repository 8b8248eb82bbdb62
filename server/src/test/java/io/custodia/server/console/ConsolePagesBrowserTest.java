package io.custodia.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.BrowserTest;
import org.junit.jupiter.api.Test;

/** The console's frame in a real browser: sign-in, navigation, languages, accessibility. */
class ConsolePagesBrowserTest extends BrowserTest {

    @Test
    void console_withoutSession_sendsToLogin() {
        page.navigate(url("/console"));
        assertThat(page.url()).contains("/login");
        assertThat(page.locator("h1").textContent()).isEqualTo("Custodia");
        assertAccessible();
    }

    @Test
    void signIn_withWrongPassword_saysSo() {
        page.navigate(url("/login"));
        page.getByLabel("Username").fill("admin");
        page.getByLabel("Password").fill("wrong-password");
        page.locator("form button[type=submit]").click();
        page.waitForURL(address -> address.contains("/login?error"));
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.ALERT)
                        .textContent())
                .contains("Wrong username or password");
    }

    @Test
    void home_afterSignIn_listsEntities_inEnglishAndFrench() {
        signIn("admin", ADMIN_PASSWORD);
        assertThat(page.locator("h1").textContent()).startsWith("Welcome");
        assertThat(page.locator("#entities-table tbody tr").count()).isGreaterThanOrEqualTo(5);
        assertAccessible();

        page.getByText("Français").click();
        // The English page has an h1 too: read the French one only once it has loaded.
        page.waitForURL(address -> address.contains("lang=fr"));
        assertThat(page.locator("h1").textContent()).startsWith("Bienvenue");
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo("fr");
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.NAVIGATION)
                        .getByText("Registre")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void home_drawsTheRegisterCharts_andGivesTheirFiguresInATable() {
        signIn("dpo", "custodia-demo-2026");
        // The page's script marks each chart once drawn (waitForFunction would need eval, which the CSP forbids).
        page.locator("#chart-statuses[data-ready=true]").waitFor();
        page.locator("#chart-bases[data-ready=true]").waitFor();
        Object activeInFrance = page.evaluate(
                "() => Chart.getChart('chart-statuses').data.datasets[0].data[Chart.getChart('chart-statuses').data.labels.indexOf('FR')]");
        assertThat(((Number) activeInFrance).intValue()).isEqualTo(12);
        var franceRow =
                page.locator(".overview tbody tr", new com.microsoft.playwright.Page.LocatorOptions().setHasText("FR"));
        assertThat(franceRow.locator("td").allTextContents()).containsExactly("12", "1", "0", "0");
        assertAccessible();
    }

    @Test
    void entityScopedStaff_seesOnlyTheirEntity() {
        signIn("privacy.fr", "custodia-demo-2026");
        assertThat(page.locator("#entities-table tbody tr").allTextContents())
                .singleElement()
                .satisfies(row -> assertThat(row).contains("FR"));
    }

    @Test
    void signOut_endsTheSession() {
        signIn("admin", ADMIN_PASSWORD);
        page.locator("form.signout button").click();
        page.waitForURL(address -> address.contains("/login?logout"));
        page.navigate(url("/console"));
        assertThat(page.url()).contains("/login");
    }
}
