package io.custodia.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.iabtcf.decoder.TCString;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.sun.net.httpserver.HttpServer;
import io.custodia.core.consent.AgeBand;
import io.custodia.server.BrowserTest;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The consent prompt on a company's page, in a real browser: the four violations Matte, Bielova and Santos measured
 * (IEEE S&amp;P 2020) are each a test (consent registered before a choice, pre-selected purposes, no refusal as easy
 * as acceptance, a refusal stored as consent), plus Global Privacy Control, IAB TCF, the just-in-time prompt, the
 * persistent link, the keyboard and axe.
 *
 * <p>The page is served by a small HTTP server of the test at {@code http://127.0.0.1:<its port>}, another origin than
 * Custodia's {@code http://localhost:<port>}, so that every call of the script is a real cross-origin call that the
 * entity's allowed origins must let through.
 */
class ConsentPromptBrowserTest extends BrowserTest {
    private static final String OFFERS = "marketing.personalised_offers";
    private static final String PARTNERS = "marketing.partner_advertising";
    private static final String RESEARCH = "research.innovation";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Subjects subjects;

    private String site;

    /** The company's web site: a small HTTP server of the test on another port, started on first use. */
    private static final class Shop {
        static final HttpServer SERVER = start();

        private static HttpServer start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                // /shop/en/ and /shop/fr/: the same page in English and in French.
                server.createContext("/shop/", exchange -> {
                    String language = exchange.getRequestURI().getPath().startsWith("/shop/fr") ? "fr" : "en";
                    byte[] html = samplePage(language).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.sendResponseHeaders(200, html.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(html);
                    }
                });
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static volatile int custodiaPort;

    @BeforeEach
    void sampleSite() {
        jdbc.sql("delete from privacy_rate_limit").update();
        custodiaPort = port;
        site = "http://127.0.0.1:" + Shop.SERVER.getAddress().getPort();
        var settings = json.createObjectNode().put("tcfEnabled", true);
        settings.putArray("siteOrigins").add(site);
        var purposes = settings.putObject("tcfPurposes");
        purposes.putArray(OFFERS).add(1).add(3).add(4);
        purposes.putArray(PARTNERS).add(1).add(2).add(7);
        purposes.putArray(RESEARCH).add(9).add(10);
        settings.putObject("tcfVendors").putArray("755").add(PARTNERS);
        var response = put("/api/v1/prompt-settings/FR", admin(), settings.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String samplePage(String language) {
        return """
                <!doctype html>
                <html lang="%s">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Telecom shop</title></head>
                <body>
                <header><h1>Telecom shop</h1></header>
                <main><p>Plans, phones and help.</p><p style="height:3000px">Long page.</p></main>
                <script src="http://localhost:%d/sdk/consent.js" data-entity="FR" defer></script>
                </body>
                </html>""".formatted(language, custodiaPort);
    }

    private Locator openShop() {
        page.navigate(site + "/shop/en/");
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        PlaywrightAssertions.assertThat(dialog).isVisible();
        return dialog;
    }

    @Test
    void beforeAChoice_nothingIsRecorded_noRequest_noCookie_noStorage() {
        long eventsBefore = consentEvents();
        List<Request> requests = new CopyOnWriteArrayList<>();
        page.onRequest(requests::add);
        Locator dialog = openShop();

        // Scrolling is no consent, nor is closing the prompt.
        page.mouse().wheel(0, 2000);
        page.keyboard().press("PageDown");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close without choosing"))
                .click();
        PlaywrightAssertions.assertThat(dialog).isHidden();
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);

        assertThat(requests).allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
        assertThat(requests.stream().map(Request::url).filter(url -> url.contains("/choices")))
                .isEmpty();
        assertThat(context.cookies()).isEmpty();
        assertThat(page.evaluate("localStorage.length")).isEqualTo(0);
        assertThat(page.evaluate("sessionStorage.length")).isEqualTo(0);
        assertThat(page.evaluate("JSON.stringify(Custodia.choices())")).isEqualTo("{}");
        assertThat(consentEvents()).isEqualTo(eventsBefore);

        // Closed without a choice, the prompt asks again on the next page.
        page.reload();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.DIALOG)).isVisible();
        assertThat(consentEvents()).isEqualTo(eventsBefore);
    }

    @Test
    void noPurpose_isPreselected() {
        Locator dialog = openShop();
        assertThat(dialog.locator("input").count()).isZero();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Choose"))
                .click();
        Locator switches = dialog.getByRole(AriaRole.SWITCH);
        assertThat(switches.count()).isEqualTo(promptPurposes().size());
        for (int index = 0; index < switches.count(); index++) {
            assertThat(switches.nth(index).getAttribute("aria-checked")).isEqualTo("false");
        }
    }

    @Test
    void refuseAll_isOnTheFirstLayer_oneClickLikeAcceptAll_withTheSameSizeAndWeight() {
        for (int width : List.of(1280, 375)) {
            page.setViewportSize(width, 800);
            Locator dialog = openShop();
            Locator refuse = dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Refuse all"));
            Locator accept = dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept all"));
            PlaywrightAssertions.assertThat(refuse).isVisible();
            PlaywrightAssertions.assertThat(accept).isVisible();
            assertThat(style(refuse)).isEqualTo(style(accept));
            BoundingBox refuseBox = refuse.boundingBox();
            BoundingBox acceptBox = accept.boundingBox();
            assertThat(refuseBox.width).isEqualTo(acceptBox.width);
            assertThat(refuseBox.height).isEqualTo(acceptBox.height);
        }

        // One click each, from the first layer, and the prompt is done.
        Locator dialog = openShop();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Refuse all"))
                .click();
        PlaywrightAssertions.assertThat(dialog).isHidden();
        Map<String, String> refused = statuses(visitor());
        for (String purpose : promptPurposes()) {
            assertThat(refused.get(purpose)).as(purpose).isEqualTo("refused");
        }

        BrowserContext other = newContext(Map.of(), false, "en");
        try {
            Page second = other.newPage();
            second.navigate(site + "/shop/en/");
            Locator secondDialog = second.getByRole(AriaRole.DIALOG);
            secondDialog
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept all"))
                    .click();
            PlaywrightAssertions.assertThat(secondDialog).isHidden();
            String visitor = (String) second.evaluate("JSON.parse(localStorage.getItem('custodia:FR')).visitor");
            assertThat(statuses(visitor)).allSatisfy((purpose, status) -> {
                if (promptPurposes().contains(purpose)) {
                    assertThat(status).isEqualTo("granted");
                }
            });
        } finally {
            other.close();
        }
    }

    @Test
    void aRefusal_isStoredAsARefusal_neverAsConsent() {
        Locator dialog = openShop();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Choose"))
                .click();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save my choices"))
                .click();
        PlaywrightAssertions.assertThat(dialog).isHidden();
        String visitor = visitor();
        Map<String, String> statuses = statuses(visitor);
        for (String purpose : promptPurposes()) {
            assertThat(statuses.get(purpose)).as(purpose).isEqualTo("refused");
        }
        JsonNode events = events(visitor);
        assertThat(events.size()).isEqualTo(promptPurposes().size());
        for (JsonNode event : events) {
            assertThat(event.get("action").asString()).isEqualTo("refused");
            assertThat(event.get("channel").asString()).isEqualTo("web");
            assertThat(event.get("context").get("promptId").asString()).isEqualTo("second-layer");
            assertThat(event.get("context").get("page").asString()).isEqualTo(site + "/shop/en/");
        }
        var decision = json.createObjectNode().put("entity", "FR").put("purpose", OFFERS);
        decision.putObject("subject").put("scheme", "device_id").put("value", visitor);
        JsonNode answer = parse(post("/api/v1/decisions", admin(), decision.toString()));
        assertThat(answer.get("effect").asString()).isEqualTo("DENY");
    }

    @Test
    void globalPrivacyControl_keepsTheSignalledPurposesOff_underAcceptAll() {
        long signalsBefore = jdbc.sql("select count(*) from gpc_signal where endpoint like 'POST /sdk/%'")
                .query(Long.class)
                .single();
        BrowserContext gpc = newContext(Map.of("Sec-GPC", "1"), true, "en");
        try {
            Page shop = gpc.newPage();
            shop.navigate(site + "/shop/en/");
            Locator dialog = shop.getByRole(AriaRole.DIALOG);
            PlaywrightAssertions.assertThat(dialog).containsText("Global Privacy Control");
            assertThat(shop.evaluate("navigator.globalPrivacyControl")).isEqualTo(true);
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept all"))
                    .click();
            PlaywrightAssertions.assertThat(dialog).isHidden();
            String visitor = (String) shop.evaluate("JSON.parse(localStorage.getItem('custodia:FR')).visitor");
            Map<String, String> statuses = statuses(visitor);
            assertThat(statuses.get(OFFERS)).isNotEqualTo("granted");
            assertThat(statuses.get(PARTNERS)).isNotEqualTo("granted");
            assertThat(statuses.get(RESEARCH)).isEqualTo("granted");

            // Turned on one by one, a signalled purpose is the person's specific choice and is granted.
            shop.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Privacy choices"))
                    .click();
            Locator offers = dialog.locator("[data-purpose='" + OFFERS + "']");
            PlaywrightAssertions.assertThat(dialog).containsText("Off because of your browser's privacy signal");
            offers.click();
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save my choices"))
                    .click();
            PlaywrightAssertions.assertThat(dialog).isHidden();
            assertThat(statuses(visitor).get(OFFERS)).isEqualTo("granted");
        } finally {
            gpc.close();
        }
        long signals = jdbc.sql("select count(*) from gpc_signal where endpoint like 'POST /sdk/%'")
                .query(Long.class)
                .single();
        assertThat(signals).isGreaterThan(signalsBefore);
    }

    @Test
    void tcf_theTcStringDecodes_toThePurposesConsented_andToNoneAfterRefuseAll() {
        Locator dialog = openShop();
        assertThat(page.evaluate("typeof window.__tcfapi")).isEqualTo("function");
        assertThat(page.evaluate("!!window.frames.__tcfapiLocator")).isEqualTo(true);
        Map<?, ?> ping = (Map<?, ?>) page.evaluate("new Promise(r => __tcfapi('ping', 2, d => r(d)))");
        assertThat(ping.get("cmpLoaded")).isEqualTo(true);
        assertThat(ping.get("apiVersion")).isEqualTo("2.2");
        page.evaluate("window.seen = []; __tcfapi('addEventListener', 2, (d, ok) => ok && seen.push(d.eventStatus))");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept all"))
                .click();
        PlaywrightAssertions.assertThat(dialog).isHidden();
        String accepted = tcString(page);
        TCString decoded = TCString.decode(accepted);
        assertThat(decoded.getVersion()).isEqualTo(2);
        assertThat(decoded.getCmpId()).isZero();
        assertThat(decoded.getTcfPolicyVersion()).isEqualTo(4);
        assertThat(decoded.getConsentLanguage()).isEqualTo("EN");
        assertThat(ints(decoded.getPurposesConsent())).containsExactly(1, 2, 3, 4, 7, 9, 10);
        assertThat(ints(decoded.getVendorConsent())).containsExactly(755);
        assertThat(decoded.getPublisherCC()).isEqualTo("FR");
        assertThat(page.evaluate("seen")).asString().contains("useractioncomplete");

        // Through the locator frame, as a vendor's script in an iframe would ask.
        Object viaFrame = page.evaluate("""
                new Promise(resolve => {
                  window.addEventListener('message', e => e.data && e.data.__tcfapiReturn
                      && resolve(e.data.__tcfapiReturn.returnValue.tcString));
                  window.frames.__tcfapiLocator.parent.postMessage(
                      {__tcfapiCall: {command: 'getTCData', version: 2, callId: 'c1'}}, '*');
                })""");
        assertThat(viaFrame).isEqualTo(accepted);

        BrowserContext other = newContext(Map.of(), false, "fr");
        try {
            Page refusing = other.newPage();
            refusing.navigate(site + "/shop/fr/");
            Locator otherDialog = refusing.getByRole(AriaRole.DIALOG);
            otherDialog
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Tout refuser"))
                    .click();
            PlaywrightAssertions.assertThat(otherDialog).isHidden();
            TCString refused = TCString.decode(tcString(refusing));
            assertThat(ints(refused.getPurposesConsent())).isEmpty();
            assertThat(ints(refused.getVendorConsent())).isEmpty();
            assertThat(refused.getConsentLanguage()).isEqualTo("FR");
        } finally {
            other.close();
        }
    }

    @Test
    void justInTime_asksForOnePurpose_whenThePageNeedsIt_andTellsThePage() {
        Locator dialog = openShop();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Refuse all"))
                .click();
        PlaywrightAssertions.assertThat(dialog).isHidden();
        page.evaluate("window.changes = []; Custodia.on('change', c => changes.push(c))");
        page.evaluate("() => { window.answer = Custodia.ask('" + RESEARCH + "'); }");
        PlaywrightAssertions.assertThat(dialog).containsText("Allow this use?");
        assertThat(dialog.getByRole(AriaRole.SWITCH).count()).isZero();
        dialog.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Allow").setExact(true))
                .click();
        assertThat(page.evaluate("window.answer")).isEqualTo(true);
        assertThat(page.evaluate("Custodia.choices()['" + RESEARCH + "']")).isEqualTo("granted");
        assertThat(page.evaluate("changes.length")).isEqualTo(1);
        String visitor = visitor();
        assertThat(statuses(visitor).get(RESEARCH)).isEqualTo("granted");
        JsonNode events = events(visitor);
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("purpose").asString()).isEqualTo(RESEARCH);
        assertThat(last.get("context").get("promptId").asString()).isEqualTo("jit:" + RESEARCH);
        // Already granted: the page gets its answer without a prompt.
        assertThat(page.evaluate("Custodia.ask('" + RESEARCH + "')")).isEqualTo(true);
        PlaywrightAssertions.assertThat(dialog).isHidden();
    }

    @Test
    void thePersistentLink_reopensTheChoices_andTheDialogKeepsTheKeyboardInside() {
        Locator dialog = openShop();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept all"))
                .click();
        PlaywrightAssertions.assertThat(dialog).isHidden();
        page.reload();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.DIALOG)).hasCount(0);

        Locator link = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Privacy choices"));
        for (int stop = 0; stop < 20 && !(Boolean) link.evaluate("e => e === document.activeElement"); stop++) {
            page.keyboard().press("Tab");
        }
        page.keyboard().press("Enter");
        PlaywrightAssertions.assertThat(dialog).isVisible();
        Locator offers = dialog.locator("[data-purpose='" + OFFERS + "']");
        assertThat(offers.getAttribute("aria-checked")).isEqualTo("true");
        for (int stop = 0; stop < 40; stop++) {
            page.keyboard().press(stop % 3 == 0 ? "Shift+Tab" : "Tab");
            assertThat((Boolean) dialog.evaluate("d => d.contains(document.activeElement)"))
                    .as("focus stays in the dialog")
                    .isTrue();
        }
        offers.focus();
        page.keyboard().press("Space");
        assertThat(offers.getAttribute("aria-checked")).isEqualTo("false");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save my choices"))
                .focus();
        page.keyboard().press("Enter");
        PlaywrightAssertions.assertThat(dialog).isHidden();
        assertThat((Boolean) link.evaluate("e => e === document.activeElement")).isTrue();
        assertThat(statuses(visitor()).get(OFFERS)).isEqualTo("withdrawn");

        page.keyboard().press("Enter");
        PlaywrightAssertions.assertThat(dialog).isVisible();
        page.keyboard().press("Escape");
        PlaywrightAssertions.assertThat(dialog).isHidden();
    }

    @Test
    void bothLayers_passAxe_inEnglishAndFrench_atDesktopAndMobileWidths() {
        for (String language : List.of("en", "fr")) {
            BrowserContext browser = newContext(Map.of(), false, language);
            try {
                Page shop = browser.newPage();
                for (int width : List.of(1280, 390)) {
                    shop.setViewportSize(width, width > 1000 ? 800 : 844);
                    shop.navigate(site + "/shop/" + language + "/");
                    Locator dialog = shop.getByRole(AriaRole.DIALOG);
                    PlaywrightAssertions.assertThat(dialog).isVisible();
                    assertThat(shop.locator("[data-custodia=prompt]").getAttribute("lang"))
                            .isEqualTo(language);
                    assertAccessible(shop);
                    String size = width > 1000 ? "desktop" : "mobile";
                    screenshot(shop, "prompt-first-layer-" + size + "-" + language + ".png");
                    dialog.getByRole(
                                    AriaRole.BUTTON,
                                    new Locator.GetByRoleOptions().setName(Pattern.compile("^(Choose|Choisir)$")))
                            .click();
                    PlaywrightAssertions.assertThat(
                                    dialog.getByRole(AriaRole.SWITCH).first())
                            .isVisible();
                    assertAccessible(shop);
                    screenshot(shop, "prompt-second-layer-" + size + "-" + language + ".png");
                }
            } finally {
                browser.close();
            }
        }
    }

    @Test
    void onCustodiasOwnPages_aSignedInCustomer_isRecordedAsThemselves() {
        String email = "prompt." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        subjects.register(
                "system:test",
                new Subjects.NewSubject("FR", AgeBand.UNKNOWN, List.of(SubjectIdentifier.of("email", email))));
        signInToThePrivacyCenter(email, "en");

        // The privacy center's own page, under its strict CSP, with the prompt added as a company page would.
        page.evaluate("""
                () => { const s = document.createElement('script'); s.src = '/sdk/consent.js';
                  s.setAttribute('data-entity', 'FR'); document.body.appendChild(s); }""");
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Refuse all"))
                .click();
        PlaywrightAssertions.assertThat(dialog).isHidden();

        JsonNode events = parse(get("/api/v1/consents/events?entity=FR&scheme=email&value=" + email, admin()));
        assertThat(events.size()).isEqualTo(promptPurposes().size());
        for (JsonNode event : events) {
            assertThat(event.get("action").asString()).isEqualTo("refused");
            assertThat(event.get("channel").asString()).isEqualTo("web");
        }
        assertThat(statuses(visitor()))
                .allSatisfy((purpose, status) -> assertThat(status).isEqualTo("none"));
    }

    private void assertAccessible(Page shop) {
        Page own = page;
        page = shop;
        try {
            assertAccessible();
        } finally {
            page = own;
        }
    }

    /** A browser of its own, optionally with Global Privacy Control on (the header and the script property). */
    private BrowserContext newContext(Map<String, String> headers, boolean gpc, String language) {
        BrowserContext browser = context.browser()
                .newContext(new Browser.NewContextOptions()
                        .setLocale(language.equals("fr") ? "fr-FR" : "en-GB")
                        .setExtraHTTPHeaders(headers));
        if (gpc) {
            browser.addInitScript(
                    "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});");
        }
        return browser;
    }

    private static Map<String, String> style(Locator button) {
        @SuppressWarnings("unchecked")
        Map<String, String> style = (Map<String, String>) button.evaluate("""
                b => { const s = getComputedStyle(b); const o = {};
                  for (const p of ['font-size', 'font-weight', 'font-family', 'color', 'background-color',
                      'border-top-width', 'border-top-color', 'padding-top', 'padding-left', 'border-radius',
                      'min-height', 'text-decoration-line', 'opacity', 'visibility']) o[p] = s.getPropertyValue(p);
                  return o; }""");
        return style;
    }

    private String visitor() {
        return (String) page.evaluate("JSON.parse(localStorage.getItem('custodia:FR')).visitor");
    }

    private static String tcString(Page shop) {
        return (String) shop.evaluate("new Promise(r => __tcfapi('getTCData', 2, (d, ok) => r(d.tcString)))");
    }

    private Set<String> promptPurposes() {
        JsonNode prompt = parse(getAnonymous("/sdk/v1/FR/prompt?language=en"));
        Set<String> keys = new TreeSet<>();
        prompt.get("purposes")
                .forEach(purpose -> keys.add(purpose.get("purpose").asString()));
        return keys;
    }

    /** The visitor's state per purpose, as the consent API tells staff. */
    private Map<String, String> statuses(String visitor) {
        var response = get("/api/v1/consents?entity=FR&scheme=device_id&value=" + visitor, admin());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> statuses = new HashMap<>();
        parse(response)
                .forEach(state -> statuses.put(
                        state.get("purpose").asString(), state.get("status").asString()));
        return statuses;
    }

    private JsonNode events(String visitor) {
        var response = get("/api/v1/consents/events?entity=FR&scheme=device_id&value=" + visitor, admin());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response);
    }

    private long consentEvents() {
        return jdbc.sql("select count(*) from consent_event").query(Long.class).single();
    }

    private static List<Integer> ints(com.iabtcf.utils.IntIterable bits) {
        List<Integer> values = new ArrayList<>();
        bits.forEach(values::add);
        return values;
    }

    /** Keeps a picture of the prompt for the docs when {@code custodia.screenshots} names a folder. */
    private static void screenshot(Page shop, String name) {
        String folder = System.getProperty("custodia.screenshots", "");
        if (!folder.isBlank()) {
            shop.screenshot(new Page.ScreenshotOptions().setPath(Path.of(folder, name)));
        }
    }
}
