package io.custodia.server.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the person who started Custodia where to go and how to sign in. */
@Component
class ReadyBanner {
    private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);
    private final CustodiaProperties properties;

    ReadyBanner(CustodiaProperties properties) {
        this.properties = properties;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port =
                event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null
                        ? web.getWebServer().getPort()
                        : 8080;
        String base = "http://localhost:" + port;
        String credentials = properties.adminPassword().isBlank()
                ? "the password printed when this home was first started"
                : "the password in CUSTODIA_ADMIN_PASSWORD";
        log.info(
                """

                ==== Custodia is ready ====
                  Console:     {}/console   (sign in as 'admin' with {})
                  API docs:    {}/swagger-ui.html   (OpenAPI at {}/v3/api-docs)
                  Health:      {}/actuator/health
                  Home folder: {}{}
                """,
                base,
                credentials,
                base,
                base,
                base,
                properties.home().toAbsolutePath().normalize(),
                properties.demo()
                        ? "\n  Demo staff:  dpo, privacy.fr, privacy.ke, committee, security, agent.sn, auditor,"
                                + " engineer (password custodia-demo-2026)"
                        : "");
    }
}
