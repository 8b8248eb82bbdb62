package io.custodia.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.BrowserTest;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.StaffDirectory;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The notices' console pages in a real browser, in French: write a draft, preview it, publish it. */
class NoticePagesBrowserTest extends BrowserTest {
    private static final String PASSWORD = "notices-browser-password";

    @Autowired
    StaffDirectory staffDirectory;

    @Autowired
    Notices notices;

    @Test
    void dpo_writesADraft_previewsIt_andPublishesIt_inFrench() {
        String entity = newEntity();
        signIn(newDpo(entity), PASSWORD);
        page.navigate(url("/console/notices?lang=fr"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Mentions d'information");
        assertThat(page.locator("nav.sidenav a[aria-current=page]").textContent())
                .isEqualTo("Mentions d'information");
        assertAccessible();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Nouvelle mention"))
                .click();
        assertThat(page.locator("h1").textContent()).startsWith("Nouvelle mention pour");
        page.locator("#key").fill("Offres");
        button("Créer le brouillon").click();

        assertThat(page.getByRole(AriaRole.ALERT).first().textContent()).contains("La mention n'a pas été enregistrée");
        assertThat(page.locator("#key").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#key").getAttribute("aria-describedby")).contains("err-key");
        assertThat(page.locator("#err-key").textContent()).contains("n'est pas une clé de mention");
        assertThat(page.locator("#err-purposes").textContent()).contains("choisissez au moins une finalité");
        assertThat(page.locator("#err-titleFr").textContent()).contains("est obligatoire");
        assertThat(page.locator("#titleFr").getAttribute("aria-invalid")).isEqualTo("true");
        assertAccessible();

        String key = "notice.offers.k" + UUID.randomUUID().toString().substring(0, 8);
        page.locator("#key").fill(key);
        page.locator("input[name=purposes][value='marketing.personalised_offers']")
                .check();
        page.getByLabel("Site web").check();
        page.getByLabel("Application mobile").check();
        page.locator("#titleEn").fill("Offers chosen for you");
        page.locator("#bodyEn")
                .fill("With your agreement, we suggest offers.\n\n- **What:** your usage\n- **How long:** 13 months");
        page.locator("#titleFr").fill("Des offres pour vous");
        page.locator("#bodyFr")
                .fill(
                        "Avec votre accord, nous vous proposons des offres.\n\n- **Quoi :** votre consommation\n- **Combien de temps :** 13 mois");
        button("Créer le brouillon").click();

        assertThat(page.url()).contains("/console/notices/" + entity + "/" + key);
        assertThat(page.getByRole(AriaRole.STATUS).first().textContent()).contains("Brouillon enregistré");
        Locator french = page.locator("#preview article[lang=fr]");
        assertThat(french.locator("h3").textContent()).isEqualTo("Des offres pour vous");
        assertThat(french.locator("li strong").allTextContents()).containsExactly("Quoi :", "Combien de temps :");
        assertThat(page.locator("#preview article[lang=en] li").count()).isEqualTo(2);
        assertAccessible();

        page.locator("#titleFr").fill("Des offres choisies pour vous");
        button("Enregistrer le brouillon").click();
        assertThat(page.locator("#preview article[lang=fr] h3").textContent())
                .isEqualTo("Des offres choisies pour vous");

        assertThat(page.locator("#material").count()).isZero();
        assertThat(page.locator("#publish").textContent()).contains("C'est la première version");
        button("Publier la version 1").click();

        assertThat(page.getByRole(AriaRole.STATUS).first().textContent()).contains("La version 1 est publiée");
        assertThat(page.locator("#editor").count()).isZero();
        Locator firstRow = page.locator("#versions-heading + table tbody tr").first();
        assertThat(firstRow.textContent()).contains("Version 1", "Publiée", "Non");
        String hash = firstRow.locator("code.hash").textContent();
        assertThat(hash).matches("[0-9a-f]{64}");
        assertAccessible();

        button("Commencer la version 2").click();
        assertThat(page.locator("#draft-heading").textContent()).isEqualTo("Brouillon : version 2");
        assertThat(page.locator("#titleFr").inputValue()).isEqualTo("Des offres choisies pour vous");
        page.locator("#bodyFr")
                .fill("Avec votre accord, nous vous proposons des offres, y compris celles de nos partenaires.");
        button("Enregistrer le brouillon").click();
        page.getByLabel("Changement substantiel — les clients doivent consentir à nouveau")
                .check();
        assertThat(page.locator("#material-help").textContent()).contains("seront sollicités à nouveau");
        assertAccessible();
        button("Publier la version 2").click();

        assertThat(page.getByRole(AriaRole.STATUS).first().textContent()).contains("La version 2 est publiée");
        assertThat(page.locator("#versions-heading + table tbody tr").first().textContent())
                .contains("Version 2", "Publiée", "Oui");
        assertThat(notices.noticeVersions(entity).forPurpose(TermKey.of("marketing.personalised_offers")))
                .hasValueSatisfying(facts -> {
                    assertThat(facts.latest()).isEqualTo(2);
                    assertThat(facts.lastMaterialVersion()).isEqualTo(2);
                });

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Page publique de cette version"))
                .click();
        assertThat(page.url()).endsWith("/notices/" + entity + "/" + key + "/2");
        assertThat(page.locator("h1").textContent()).isEqualTo("Des offres choisies pour vous");
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo("fr");
        assertThat(page.locator("code.hash").textContent())
                .matches("[0-9a-f]{64}")
                .isNotEqualTo(hash);
        assertAccessible();
    }

    @Test
    void auditor_readsTheDemoNotices_withoutAnyForm() {
        signIn("auditor", "custodia-demo-2026");
        page.navigate(url("/console/notices?entity=FR&lang=en"));
        assertThat(page.locator("table.data tbody tr").allTextContents())
                .hasSize(6)
                .anySatisfy(row -> assertThat(row).contains("notice.care.recording", "Version 1", "Published"));
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New notice"))
                        .count())
                .isZero();
        assertAccessible();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("notice.marketing.offers"))
                .click();
        assertThat(page.locator("form[method=post]:not(.signout)").count()).isZero();
        assertThat(page.locator("body").textContent()).contains("Personalised offers");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Read version 1"))
                .click();
        assertThat(page.locator("article[lang=fr] h3").textContent()).isEqualTo("Des offres choisies pour vous");
        assertAccessible();
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
    }

    private String newEntity() {
        String code = "P"
                + UUID.randomUUID()
                        .toString()
                        .substring(0, 6)
                        .toUpperCase(Locale.ROOT)
                        .replace("-", "0");
        var body = json.createObjectNode()
                .put("code", code)
                .put("name", "Pages test " + code)
                .put("jurisdiction", "fr")
                .put("timeZone", "Europe/Paris")
                .put("country", "FR");
        var response = post("/api/v1/entities", admin(), body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return code;
    }

    private String newDpo(String entity) {
        String username = "ntp-" + UUID.randomUUID().toString().substring(0, 12);
        staffDirectory.create(username, "Notices page tester", PASSWORD, Set.of(Role.DPO), false, List.of(entity));
        return username;
    }
}
