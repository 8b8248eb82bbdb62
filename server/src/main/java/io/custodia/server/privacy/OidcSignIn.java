package io.custodia.server.privacy;

import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Sign-in to the privacy center through the company's customer identity provider (OpenID Connect), beside the e-mail
 * code. The customer starts from an entity's sign-in page; Spring Security runs the authorization-code flow (with PKCE
 * and a nonce) under {@code /privacy/oidc/}; the ID token's configured claim, when the provider says it verified it,
 * names the customer among the entity's identifiers. The provider's own session is not kept: the customer's session
 * then holds the same {@link Customer} principal as after a code.
 *
 * <p>Someone the provider knows but the entity does not is told that no data is linked to that account: they proved
 * who they are, so this reveals nothing to a third party.
 */
@Controller
class OidcSignIn implements AuthenticationSuccessHandler, AuthenticationFailureHandler {
    /** The session attribute that holds the entity a provider sign-in started from. */
    static final String ENTITY = "CUSTODIA_PRIVACY_OIDC_ENTITY";

    private final OidcSettings settings;
    private final CustomerRegistrations registrations;
    private final Entities entities;
    private final Subjects subjects;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;

    OidcSignIn(
            OidcSettings settings,
            CustomerRegistrations registrations,
            Entities entities,
            Subjects subjects,
            AuditTrail audit,
            TransactionTemplate transactions) {
        this.transactions = transactions;
        this.settings = settings;
        this.registrations = registrations;
        this.entities = entities;
        this.subjects = subjects;
        this.audit = audit;
    }

    @GetMapping("/privacy/{entity}/sign-in/oidc")
    String start(@PathVariable String entity, HttpServletRequest request, HttpServletResponse response, Model model) {
        GroupEntity group = entity(entity);
        if (!settings.enabled()) {
            throw new NotFoundException("No customer identity provider is configured");
        }
        if (registrations.findByRegistrationId(OidcSettings.REGISTRATION) == null) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            model.addAttribute("company", group);
            model.addAttribute("email", "");
            model.addAttribute("again", false);
            model.addAttribute("providerDown", true);
            return "privacy/sign-in";
        }
        request.getSession().setAttribute(ENTITY, group.code());
        return "redirect:/privacy/oidc/authorize/" + OidcSettings.REGISTRATION;
    }

    @GetMapping("/privacy/{entity}/sign-in/unknown")
    String unknown(@PathVariable String entity, Model model) {
        model.addAttribute("company", entity(entity));
        return "privacy/unknown-account";
    }

    /** The provider proved who the person is: open the privacy center if the entity knows them. */
    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        String entityCode = startedFrom(request);
        // The provider's token is not a privacy-center session: whatever comes next replaces it.
        SecurityContextHolder.clearContext();
        PrivacyPages.saveEmpty(request, response);
        if (entityCode == null) {
            response.sendRedirect(request.getContextPath() + "/privacy");
            return;
        }
        Optional<SubjectIdentifier> identifier =
                authentication.getPrincipal() instanceof OidcUser user ? identifierOf(user) : Optional.empty();
        Optional<UUID> subject = identifier.flatMap(named -> subjects.find(entityCode, named));
        if (identifier.isEmpty() || subject.isEmpty()) {
            response.sendRedirect(request.getContextPath() + "/privacy/" + entityCode + "/sign-in/unknown");
            return;
        }
        request.changeSessionId();
        UUID subjectId = subject.get();
        PrivacyPages.signIn(
                new Customer(
                        entityCode,
                        subjectId,
                        identifier.get().value(),
                        identifier.get().scheme().key()),
                request,
                response);
        // Who opened the customer's privacy center, and how, is on the record like every access to their data.
        transactions.executeWithoutResult(status -> audit.record(
                "customer:" + subjectId,
                "privacy.signed_in",
                "subject",
                subjectId.toString(),
                entityCode,
                Map.of("method", "oidc", "issuer", settings.issuerUri())));
        response.sendRedirect(request.getContextPath() + "/privacy/" + entityCode);
    }

    /** The provider refused, or its answer did not hold (state, nonce, signature): back to the sign-in page. */
    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String entityCode = startedFrom(request);
        response.sendRedirect(request.getContextPath()
                + (entityCode == null ? "/privacy" : "/privacy/" + entityCode + "/sign-in?provider=failed"));
    }

    /** The identifier the ID token names, when the provider verified it (an e-mail address or phone number). */
    Optional<SubjectIdentifier> identifierOf(OidcUser user) {
        Object value = user.getClaims().get(settings.claim());
        if (!(value instanceof String text) || !verified(user)) {
            return Optional.empty();
        }
        return Optional.ofNullable(SubjectIdentifier.parse(
                settings.claim(), settings.scheme(), text.strip(), new ArrayList<FieldError>()));
    }

    private boolean verified(OidcUser user) {
        return switch (settings.claim()) {
            case "email" -> Boolean.TRUE.equals(user.getEmailVerified());
            case "phone_number" -> Boolean.TRUE.equals(user.getPhoneNumberVerified());
            // A claim the provider itself assigns, such as a customer number, is verified by being in its token.
            default -> true;
        };
    }

    private static @Nullable String startedFrom(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        Object entity = session.getAttribute(ENTITY);
        session.removeAttribute(ENTITY);
        return entity instanceof String code ? code : null;
    }

    private GroupEntity entity(String code) {
        return entities.find(code).orElseThrow(() -> new NotFoundException("No entity " + code));
    }
}
