package io.custodia.server.privacy;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * HTTP security of the privacy center and the development mailbox: their own filter chain.
 *
 * <p>A customer is signed in by a session cookie (HttpOnly, SameSite=Lax as every session of the server), with CSRF
 * tokens on every form and the console's headers (strict CSP, no framing, same-origin referrer). The customer's
 * security context lives in a session attribute of its own ({@value #CONTEXT_KEY}): the console's chain reads the
 * standard one and the API keeps no session, so a customer's sign-in opens neither {@code /console} nor {@code /api},
 * even in a browser that is also signed in as staff.
 */
@Configuration(proxyBeanMethods = false)
class PrivacySecurity {
    /** The session attribute that holds a customer's security context. */
    static final String CONTEXT_KEY = "CUSTODIA_PRIVACY_CUSTOMER";

    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    private static final Pattern ENTITY = Pattern.compile("^/privacy/([A-Za-z0-9]{1,8})(/.*)?$");

    /** Where a customer's security context is kept: not a bean, so that no other chain picks it up. */
    static HttpSessionSecurityContextRepository customerContexts() {
        var repository = new HttpSessionSecurityContextRepository();
        repository.setSpringSecurityContextKey(CONTEXT_KEY);
        return repository;
    }

    @Bean
    CustomerRegistrations customerRegistrations(OidcSettings settings) {
        return new CustomerRegistrations(settings);
    }

    // Before the public pages' chain (order 3), which matches every request; beside the console's, whose paths differ.
    @Bean
    @Order(2)
    SecurityFilterChain privacyCenterChain(
            HttpSecurity http, OidcSettings settings, CustomerRegistrations registrations, OidcSignIn provider)
            throws Exception {
        if (settings.enabled()) {
            // The company's customer identity provider: the authorization-code flow with PKCE, under /privacy/oidc/.
            var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/privacy/oidc/authorize");
            resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            http.oauth2Login(login -> login.clientRegistrationRepository(registrations)
                    .loginPage("/privacy")
                    .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                    .redirectionEndpoint(endpoint -> endpoint.baseUri("/privacy/oidc/callback/*"))
                    .successHandler(provider)
                    .failureHandler(provider));
        }
        http.securityMatcher("/privacy", "/privacy/**", "/dev/mailbox")
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/privacy",
                                "/privacy/*/sign-in",
                                "/privacy/*/sign-in/**",
                                "/privacy/oidc/**",
                                "/dev/mailbox")
                        .permitAll()
                        .anyRequest()
                        .hasAuthority(Customer.AUTHORITY))
                .securityContext(context -> context.securityContextRepository(customerContexts()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                        (request, response, e) -> response.sendRedirect(signInOf(request))))
                .requestCache(cache -> cache.disable())
                .csrf(Customizer.withDefaults())
                .logout(logout -> logout.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * The consent prompt's script and public endpoints: no sign-in, no CSRF token (they take JSON only, which no form
     * can send, and cross-origin callers are limited to the entity's sites by {@link PromptCors}), no session created.
     * A customer's privacy-center session is read, so that the prompt on Custodia's own pages records them as
     * themselves.
     */
    @Bean
    @Order(2)
    SecurityFilterChain consentPromptChain(HttpSecurity http, PromptCors cors) throws Exception {
        http.securityMatcher("/sdk/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .securityContext(context -> context.securityContextRepository(customerContexts()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(cache -> cache.disable())
                .cors(corsRules -> corsRules.configurationSource(cors))
                .csrf(csrf -> csrf.disable())
                .logout(logout -> logout.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'"))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** The sign-in page of the entity the request's path names, or the privacy center's start page. */
    private static String signInOf(HttpServletRequest request) {
        Matcher matcher = ENTITY.matcher(
                request.getRequestURI().substring(request.getContextPath().length()));
        return request.getContextPath()
                + (matcher.matches() ? "/privacy/" + matcher.group(1) + "/sign-in" : "/privacy");
    }
}
