package io.custodia.server.identity;

import io.custodia.server.platform.ProblemTypes;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * HTTP security for every path.
 *
 * <p>Three chains: the API is stateless (service tokens as {@code Authorization: Bearer}, staff with HTTP Basic,
 * never a session cookie, so CSRF cannot reach it; tokens reach only the endpoints listed in {@link #TOKEN_PATHS}); the
 * console is a session with a login form and CSRF tokens; everything else is public (health, API description,
 * static assets, and later the customers' privacy center). API failures answer as RFC 9457 problem details.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {
    /** The API paths a service token may call; every other one is for staff only. */
    private static final String[] TOKEN_PATHS = {
        "/api/v1/consents",
        "/api/v1/consents/**",
        "/api/v1/receipts/**",
        "/api/v1/changes",
        "/api/v1/changes/**",
        "/api/v1/decisions",
        "/api/v1/decisions/**",
        "/api/v1/audiences",
        "/api/v1/requests",
        "/api/v1/requests/**",
        "/api/v1/whoami"
    };

    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ServiceTokens tokens) throws Exception {
        AuthenticationEntryPoint unauthenticated =
                (request, response, e) -> problem(response, 401, "Unauthenticated", "Sign in to use this API");
        http.securityMatcher("/api/**", "/actuator/**")
                .authorizeHttpRequests(
                        auth -> auth.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**")
                                .permitAll()
                                // HTTP systems' answers prove themselves with an HMAC signature (connectors).
                                .requestMatchers(HttpMethod.POST, "/api/v1/connections/*/callbacks/*")
                                .permitAll()
                                .requestMatchers("/actuator/**")
                                .hasAnyRole("DPO", "PRIVACY_OFFICER", "SECURITY_OFFICER", "ENGINEER", "AUDITOR")
                                // The endpoints that accept service tokens; their methods check the scopes.
                                .requestMatchers(TOKEN_PATHS)
                                .authenticated()
                                .anyRequest()
                                .hasAuthority(Staff.AUTHORITY))
                .addFilterBefore(
                        new TokenAuthenticationFilter(tokens, unauthenticated), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> problem(
                                response,
                                403,
                                "Forbidden",
                                "Your roles or your token's scopes do not allow this operation"))
                        .authenticationEntryPoint(unauthenticated))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(
                        context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        http.securityMatcher("/console/**", "/login", "/logout")
                .authorizeHttpRequests(auth ->
                        auth.requestMatchers("/login").permitAll().anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .defaultSuccessUrl("/console", false)
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain publicPages(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(Customizer.withDefaults())
                .headers(headers -> headers.contentSecurityPolicy(
                        csp -> csp.policyDirectives(CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
                                .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"))));
        return http.build();
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        URI type = status == 401 ? ProblemTypes.UNAUTHENTICATED : ProblemTypes.FORBIDDEN;
        response.getWriter()
                .write("{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + detail + "\"}");
    }
}
