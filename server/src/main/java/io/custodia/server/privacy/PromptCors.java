package io.custodia.server.privacy;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Cross-origin rules of the consent prompt's endpoints ({@code /sdk/v1/{entity}/...}): only the pages of the entity's
 * configured site origins may call them, without cookies. A request from any other origin is refused before it
 * reaches the endpoint, so it records nothing. Pages of Custodia's own origin (the privacy center) are no cross-origin
 * callers and need no rule.
 */
@Component
class PromptCors implements CorsConfigurationSource {
    private static final Pattern ENTITY_PATH = Pattern.compile("^/sdk/v1/([A-Za-z0-9]{1,8})/.*$");

    private final PromptSettings settings;

    PromptCors(PromptSettings settings) {
        this.settings = settings;
    }

    @Override
    public @Nullable CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
        Matcher matcher = ENTITY_PATH.matcher(
                request.getRequestURI().substring(request.getContextPath().length()));
        if (!matcher.matches()) {
            return null;
        }
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(settings.of(matcher.group(1)).siteOrigins());
        configuration.setAllowedMethods(List.of("GET", "POST"));
        configuration.setAllowedHeaders(List.of("Content-Type", ConsentPrompt.VISITOR_HEADER));
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(Duration.ofMinutes(10));
        return configuration;
    }
}
