package io.custodia.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that look at pages the way a person does: a real headless Chromium driven by Playwright.
 *
 * <p>Uses the system Chromium when one is installed (Playwright cannot download browsers on every machine),
 * else Playwright's own. One browser serves the whole JVM; each test gets a fresh context (cookies, language).
 */
public abstract class BrowserTest extends CustodiaTest {
    private static final List<String> SYSTEM_CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

    protected BrowserContext context;
    protected Page page;

    /** Launched on first use, closed when the JVM ends. */
    private static final class SharedBrowser {
        static final Browser BROWSER = launch();
    }

    private static Browser launch() {
        Playwright playwright = Playwright.create();
        var options = new BrowserType.LaunchOptions()
                .setHeadless(true)
                .setArgs(List.of(
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync"));
        SYSTEM_CHROMIUM.stream()
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .ifPresent(options::setExecutablePath);
        Browser launched = playwright.chromium().launch(options);
        Runtime.getRuntime().addShutdownHook(new Thread(playwright::close));
        return launched;
    }

    @BeforeEach
    void openPage() {
        context = SharedBrowser.BROWSER.newContext(new Browser.NewContextOptions().setLocale("en-GB"));
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Signs in through the console's login form. */
    protected void signIn(String username, String password) {
        page.navigate(url("/login"));
        page.getByLabel("Username").or(page.getByLabel("Identifiant")).fill(username);
        page.getByLabel("Password").or(page.getByLabel("Mot de passe")).fill(password);
        page.locator("form button[type=submit]").click();
        page.waitForURL(url -> !url.contains("/login"));
    }

    /**
     * Signs a customer in to the FR company's privacy center as they would: their address, then the code read from
     * the development mailbox page.
     */
    protected void signInToThePrivacyCenter(String email, String language) {
        page.navigate(url("/privacy/FR/sign-in?lang=" + language));
        page.locator("#email").fill(email);
        page.locator("form.stack button[type=submit]").click();
        page.waitForURL(address -> address.endsWith("/sign-in/code"));
        String code = mailedCode(email);
        page.navigate(url("/privacy/FR/sign-in/code"));
        page.locator("#code").fill(code);
        page.locator("form.stack button[type=submit]").click();
        page.waitForURL(address -> address.endsWith("/privacy/FR"));
    }

    /** The latest code sent to the address, read from the development mailbox page as a developer would. */
    protected String mailedCode(String email) {
        page.navigate(url("/dev/mailbox"));
        Locator message = page.locator("article.mail", new Page.LocatorOptions().setHasText(email))
                .first();
        Matcher matcher =
                Pattern.compile("\\b(\\d{6})\\b").matcher(message.locator("pre").textContent());
        assertThat(matcher.find()).as("a code in the mail to %s", email).isTrue();
        return matcher.group(1);
    }

    /** Fails when axe finds serious or critical accessibility violations (WCAG 2.1 A and AA) on the page. */
    protected void assertAccessible() {
        AxeResults results = new AxeBuilder(page)
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze();
        List<Rule> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .toList();
        assertThat(serious)
                .as(() -> "accessibility violations on " + page.url() + ": "
                        + serious.stream()
                                .map(rule ->
                                        rule.getId() + " (" + rule.getNodes().size() + ")")
                                .collect(Collectors.joining(", ")))
                .isEmpty();
    }
}
