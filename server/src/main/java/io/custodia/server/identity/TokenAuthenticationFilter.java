package io.custodia.server.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API requests that carry {@code Authorization: Bearer <token>} as the service the token stands for.
 * An unknown or revoked token answers 401 at once; a request without a bearer token goes on to the other
 * authentications of the chain. Not a bean, so that it runs only inside the API's security chain.
 */
final class TokenAuthenticationFilter extends OncePerRequestFilter {
    private static final String BEARER = "Bearer ";

    private final ServiceTokens tokens;
    private final AuthenticationEntryPoint unauthenticated;

    TokenAuthenticationFilter(ServiceTokens tokens, AuthenticationEntryPoint unauthenticated) {
        this.tokens = tokens;
        this.unauthenticated = unauthenticated;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ServiceCaller> caller =
                tokens.authenticate(header.substring(BEARER.length()).strip());
        if (caller.isEmpty()) {
            SecurityContextHolder.clearContext();
            unauthenticated.commence(request, response, new BadCredentialsException("Unknown or revoked token"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(caller.get(), null, authorities(caller.get())));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    private static List<GrantedAuthority> authorities(ServiceCaller caller) {
        return caller.scopes().stream()
                .map(scope -> (GrantedAuthority) new SimpleGrantedAuthority(scope.authority()))
                .toList();
    }
}
