package io.custodia.server.privacy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.server.consent.ConsentLedger;
import io.custodia.server.consent.ConsentRequest;
import io.custodia.server.consent.LedgerEntry;
import io.custodia.server.consent.Origin;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The privacy center's pages, one entity per URL ({@code /privacy/{entity}/...}); {@code /privacy} leads to the
 * configured default entity ({@code CUSTODIA_PRIVACY_ENTITY}) or lists the entities. Every page works without
 * JavaScript: forms post and redirect.
 *
 * <p>Sign-in: the customer gives an e-mail address and is always told "if this address is known, a code was sent",
 * then types the code. Signed-in pages load everything by the session's customer id, never by an id from the request.
 */
@Controller
class PrivacyPages {
    /** The session attribute of a sign-in waiting for its code. */
    static final String PENDING = "custodia.privacy.pending";

    private static final HttpSessionSecurityContextRepository CONTEXTS = PrivacySecurity.customerContexts();

    private final Entities entities;
    private final Subjects subjects;
    private final SignInCodes codes;
    private final RateLimits limits;
    private final CodeSender sender;
    private final PrivacyViews views;
    private final ConsentLedger ledger;
    private final MessageSource messages;
    private final String defaultEntity;
    private final String publicUrl;

    @SuppressWarnings("TooManyParameters") // the pages tie sign-in to the features they show
    PrivacyPages(
            Entities entities,
            Subjects subjects,
            SignInCodes codes,
            RateLimits limits,
            CodeSender sender,
            PrivacyViews views,
            ConsentLedger ledger,
            MessageSource messages,
            @Value("${custodia.privacy.default-entity:}") String defaultEntity,
            @Value("${custodia.public-url:}") String publicUrl) {
        this.entities = entities;
        this.subjects = subjects;
        this.codes = codes;
        this.limits = limits;
        this.sender = sender;
        this.views = views;
        this.ledger = ledger;
        this.messages = messages;
        this.defaultEntity = defaultEntity.strip();
        this.publicUrl = publicUrl.strip();
    }

    /** A sign-in waiting for its code: the challenge, the entity, the address the code went to. */
    record Pending(UUID challengeId, String entityCode, String email) implements Serializable {}

    @GetMapping("/privacy")
    String start(Model model) {
        if (!defaultEntity.isEmpty()) {
            return "redirect:/privacy/" + defaultEntity;
        }
        model.addAttribute("entities", entities.all());
        return "privacy/start";
    }

    @GetMapping("/privacy/{entity}/sign-in")
    String signIn(
            @PathVariable String entity,
            @RequestParam(defaultValue = "") String again,
            @RequestParam(defaultValue = "") String provider,
            Model model) {
        model.addAttribute("company", entity(entity));
        model.addAttribute("email", "");
        model.addAttribute("again", !again.isEmpty());
        model.addAttribute("providerFailed", !provider.isEmpty());
        return "privacy/sign-in";
    }

    @PostMapping("/privacy/{entity}/sign-in")
    String requestCode(
            @PathVariable String entity,
            @RequestParam(defaultValue = "") String email,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        GroupEntity group = entity(entity);
        model.addAttribute("company", group);
        model.addAttribute("email", email);
        model.addAttribute("again", false);
        List<FieldError> errors = new ArrayList<>();
        SubjectIdentifier identifier = SubjectIdentifier.parse("email", "email", email.strip(), errors);
        if (identifier == null) {
            model.addAttribute("invalid", true);
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return "privacy/sign-in";
        }
        // Counted for every address alike, known or not, so that the limit tells nothing either.
        boolean fromThisIp = limits.allow(RateLimits.Limit.CODES_PER_IP, request.getRemoteAddr());
        boolean forThisAddress =
                limits.allow(RateLimits.Limit.CODES_PER_ADDRESS, group.code() + "\u0000" + identifier.value());
        if (!fromThisIp || !forThisAddress) {
            return tooMany(group, response, model);
        }
        Optional<UUID> subject = subjects.find(group.code(), identifier);
        SignInCodes.Issued issued = codes.start(group.code(), subject.orElse(null));
        if (subject.isPresent()) {
            sender.send(message(group, identifier.value(), issued.code()));
        }
        request.getSession().setAttribute(PENDING, new Pending(issued.id(), group.code(), identifier.value()));
        return "redirect:/privacy/" + group.code() + "/sign-in/code";
    }

    @GetMapping("/privacy/{entity}/sign-in/code")
    String codeForm(@PathVariable String entity, HttpServletRequest request, Model model) {
        GroupEntity group = entity(entity);
        if (pending(request, group).isEmpty()) {
            return "redirect:/privacy/" + group.code() + "/sign-in";
        }
        model.addAttribute("company", group);
        model.addAttribute("validityMinutes", SignInCodes.VALIDITY.toMinutes());
        return "privacy/code";
    }

    @PostMapping("/privacy/{entity}/sign-in/code")
    String enterCode(
            @PathVariable String entity,
            @RequestParam(defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        GroupEntity group = entity(entity);
        Optional<Pending> pending = pending(request, group);
        if (pending.isEmpty()) {
            return "redirect:/privacy/" + group.code() + "/sign-in";
        }
        model.addAttribute("company", group);
        model.addAttribute("validityMinutes", SignInCodes.VALIDITY.toMinutes());
        if (!limits.allow(RateLimits.Limit.GUESSES_PER_IP, request.getRemoteAddr())) {
            return tooMany(group, response, model);
        }
        String digits = code.replaceAll("[\\s-]", "");
        SignInCodes.Outcome outcome = codes.attempt(pending.get().challengeId(), group.code(), digits);
        if (outcome instanceof SignInCodes.Outcome.SignedIn signedIn) {
            request.getSession().removeAttribute(PENDING);
            // A new session id at sign-in, so that an id planted before it is worth nothing after.
            request.changeSessionId();
            signIn(
                    new Customer(
                            group.code(), signedIn.subjectId(), pending.get().email()),
                    request,
                    response);
            return "redirect:/privacy/" + group.code();
        }
        if (outcome instanceof SignInCodes.Outcome.Wrong wrong) {
            model.addAttribute("attemptsLeft", wrong.attemptsLeft());
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return "privacy/code";
        }
        request.getSession().removeAttribute(PENDING);
        return "redirect:/privacy/" + group.code() + "/sign-in?again=1";
    }

    /**
     * Opens the privacy center to a customer whose identity was just proven (a code, or the company's identity
     * provider), in the request's session under a new id.
     */
    static void signIn(Customer customer, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                customer, null, List.of(new SimpleGrantedAuthority(Customer.AUTHORITY))));
        SecurityContextHolder.setContext(context);
        CONTEXTS.saveContext(context, request, response);
    }

    /** Ends whatever authentication the request's session held for the privacy center. */
    static void saveEmpty(HttpServletRequest request, HttpServletResponse response) {
        CONTEXTS.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
    }

    @PostMapping("/privacy/{entity}/sign-out")
    String signOut(@PathVariable String entity, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return "redirect:/privacy/" + entity(entity).code() + "/sign-in";
    }

    @GetMapping("/privacy/{entity}")
    String overview(@PathVariable String entity, Model model) {
        Optional<Customer> customer = Customer.current(entity);
        if (customer.isEmpty()) {
            return "redirect:/privacy/" + entity + "/sign-in";
        }
        frame(model, customer.get(), "overview");
        model.addAttribute("overview", views.overview(customer.get().entityCode(), language()));
        return "privacy/overview";
    }

    @GetMapping("/privacy/{entity}/choices")
    String choices(@PathVariable String entity, Model model) {
        Optional<Customer> customer = Customer.current(entity);
        if (customer.isEmpty()) {
            return "redirect:/privacy/" + entity + "/sign-in";
        }
        frame(model, customer.get(), "choices");
        model.addAttribute("choices", views.choices(customer.get(), language()));
        // A fresh key per page: a form posted twice records the choice once.
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        return "privacy/choices";
    }

    @PostMapping("/privacy/{entity}/choices")
    String choose(
            @PathVariable String entity,
            @RequestParam(defaultValue = "") String purpose,
            @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "0") int noticeVersion,
            @RequestParam(defaultValue = "") String idempotencyKey,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        Optional<Customer> signedIn = Customer.current(entity);
        if (signedIn.isEmpty()) {
            return "redirect:/privacy/" + entity + "/sign-in";
        }
        Customer customer = signedIn.get();
        String page = "/privacy/" + customer.entityCode() + "/choices";
        ConsentRequest choice = new ConsentRequest(
                new ConsentRequest.Subject(customer.scheme(), customer.email()),
                customer.entityCode(),
                purpose,
                action,
                noticeVersion,
                "web",
                new ConsentRequest.Context(page, null, null),
                null,
                null,
                null,
                null,
                idempotencyKey.isBlank() ? UUID.randomUUID().toString() : idempotencyKey,
                null);
        try {
            ledger.recordForCustomer(customer.subjectId(), choice, origin(request, "POST " + page));
            redirect.addFlashAttribute("recordedPurpose", purpose);
            redirect.addFlashAttribute("recordedAction", action);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("failed", true);
        }
        return "redirect:" + page + "#purpose-" + purpose.replace('.', '-');
    }

    @GetMapping("/privacy/{entity}/devices")
    String devices(@PathVariable String entity, Model model) {
        return placeholder(entity, "devices", model);
    }

    @GetMapping("/privacy/{entity}/history")
    String history(@PathVariable String entity, Model model) {
        Optional<Customer> customer = Customer.current(entity);
        if (customer.isEmpty()) {
            return "redirect:/privacy/" + entity + "/sign-in";
        }
        GroupEntity group = frame(model, customer.get(), "history");
        Locale locale = LocaleContextHolder.getLocale();
        DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(locale)
                .withZone(group.timeZone());
        List<HistoryRow> rows = new ArrayList<>();
        for (LedgerEntry entry : ledger.customerTimeline(customer.get().subjectId())) {
            rows.add(0, new HistoryRow(entry, format.format(entry.serverTime())));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("names", views.purposeNames(group.code(), locale.getLanguage()));
        return "privacy/history";
    }

    /** One line of the history page: the event and its time in the entity's time zone. */
    record HistoryRow(LedgerEntry entry, String time) {}

    @GetMapping("/privacy/{entity}/history/{eventId}/receipt")
    ResponseEntity<String> receipt(
            @PathVariable String entity, @PathVariable UUID eventId, HttpServletRequest request) {
        Customer customer = Customer.current(entity).orElseThrow(() -> new NotFoundException("No such receipt"));
        String receipt = ledger.customerReceipt(
                customer.subjectId(), eventId, origin(request, "GET /privacy/" + entity + "/history/receipt"));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/jose"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("consent-receipt-" + eventId + ".jws")
                                .build()
                                .toString())
                .body(receipt);
    }

    /** A missing entity or receipt, shown like any missing page. */
    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String missing() {
        return "privacy/missing";
    }

    private String placeholder(String entity, String section, Model model) {
        Optional<Customer> customer = Customer.current(entity);
        if (customer.isEmpty()) {
            return "redirect:/privacy/" + entity + "/sign-in";
        }
        frame(model, customer.get(), section);
        return "privacy/" + section;
    }

    private String tooMany(GroupEntity group, HttpServletResponse response, Model model) {
        model.addAttribute("company", group);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(
                HttpHeaders.RETRY_AFTER, Long.toString(RateLimits.Limit.CODES_PER_ADDRESS.window.toSeconds()));
        return "privacy/too-many";
    }

    private GroupEntity frame(Model model, Customer customer, String section) {
        GroupEntity group = entity(customer.entityCode());
        model.addAttribute("company", group);
        model.addAttribute("customer", customer);
        model.addAttribute("section", section);
        return group;
    }

    private GroupEntity entity(String code) {
        return entities.find(code).orElseThrow(() -> new NotFoundException("No entity " + code));
    }

    private static Optional<Pending> pending(HttpServletRequest request, GroupEntity group) {
        HttpSession session = request.getSession(false);
        if (session != null
                && session.getAttribute(PENDING) instanceof Pending pending
                && pending.entityCode().equals(group.code())) {
            return Optional.of(pending);
        }
        return Optional.empty();
    }

    private SignInMessage message(GroupEntity group, String email, String code) {
        Locale locale = LocaleContextHolder.getLocale();
        long minutes = SignInCodes.VALIDITY.toMinutes();
        return new SignInMessage(
                email,
                messages.getMessage("privacy.mail.subject", new Object[] {code, group.name()}, locale),
                messages.getMessage("privacy.mail.text", new Object[] {code, group.name(), minutes}, locale));
    }

    private Origin origin(HttpServletRequest request, String endpoint) {
        String baseUrl = publicUrl.isEmpty()
                ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
                : publicUrl;
        return new Origin(endpoint, false, baseUrl, List.of(LocaleContextHolder.getLocale()));
    }

    private static String language() {
        return LocaleContextHolder.getLocale().getLanguage();
    }
}
