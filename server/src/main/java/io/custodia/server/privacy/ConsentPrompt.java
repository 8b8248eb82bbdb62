package io.custodia.server.privacy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.jurisdiction.GpcPolicy;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.consent.ConsentLedger;
import io.custodia.server.consent.ConsentRequest;
import io.custodia.server.consent.Origin;
import io.custodia.server.consent.PurposeChoice;
import io.custodia.server.consent.PurposeState;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import io.custodia.server.notices.NoticeText;
import io.custodia.server.notices.PublishedNotice;
import io.custodia.server.platform.ProblemTypes;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The consent prompt that companies add to their web pages ({@code /sdk/consent.js}) and its public endpoints.
 *
 * <p>A browser holds no service token, so the prompt's endpoints are public and guarded otherwise: only pages of the
 * entity's configured site origins may call them (CORS, see {@link PromptCors}), recording is rate limited per IP
 * address, and a visitor is named by a random device id that the script creates only once the person has acted, and
 * that names nothing but that browser's choices. A customer signed in to the privacy center (same origin, session
 * cookie) is recorded as themselves. Everything is recorded through the consent ledger with channel {@code web}.
 */
@RestController
@Tag(name = "Consent prompt (public)", description = "What /sdk/consent.js calls from a company's web pages")
class ConsentPrompt {
    /** The header that names the visitor when the script reads its choices back. */
    static final String VISITOR_HEADER = "Custodia-Visitor";

    private static final String PROMPT_ACTOR = "system:prompt";
    private static final Pattern VISITOR =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    /** The prompt's own texts, in {@code i18n/prompt*.properties} under {@code prompt.}. */
    private static final List<String> TEXTS = List.of(
            "title", "intro", "choose", "accept", "refuse", "second", "save", "back", "close", "link", "notice", "more",
            "on", "off", "allow", "deny", "ask", "gpc", "gpcTag", "failed");

    private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

    private final ConsentLedger ledger;
    private final Entities entities;
    private final Subjects subjects;
    private final Staff staff;
    private final PromptSettings settings;
    private final TcStrings tcStrings;
    private final RateLimits limits;
    private final MessageSource messages;
    private final Clock clock;
    private final String publicUrl;
    private final byte[] script;
    private final String version;
    private final String integrity;

    @SuppressWarnings("TooManyParameters") // the prompt ties the consent ledger to its public guards
    ConsentPrompt(
            ConsentLedger ledger,
            Entities entities,
            Subjects subjects,
            Staff staff,
            PromptSettings settings,
            TcStrings tcStrings,
            RateLimits limits,
            MessageSource messages,
            Clock clock,
            @Value("${custodia.public-url:}") String publicUrl) {
        this.ledger = ledger;
        this.entities = entities;
        this.subjects = subjects;
        this.staff = staff;
        this.settings = settings;
        this.tcStrings = tcStrings;
        this.limits = limits;
        this.messages = messages;
        this.clock = clock;
        this.publicUrl = publicUrl.strip();
        this.script = read("sdk/consent.js");
        this.version = HexFormat.of().formatHex(digest("SHA-256", script)).substring(0, 16);
        this.integrity = "sha384-" + Base64.getEncoder().encodeToString(digest("SHA-384", script));
    }

    /** The script, under its stable address: browsers check again after five minutes. */
    @GetMapping("/sdk/consent.js")
    ResponseEntity<byte[]> script() {
        return scriptResponse(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic());
    }

    /** The script under the address of its exact content, for pages that pin it with Subresource Integrity. */
    @GetMapping("/sdk/{version}/consent.js")
    ResponseEntity<byte[]> versionedScript(@PathVariable String version) {
        if (!version.equals(this.version)) {
            throw new NotFoundException("No consent prompt script of version " + version);
        }
        return scriptResponse(
                CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }

    /**
     * Where the current script's exact content is, and its Subresource Integrity value.
     *
     * @param url the versioned path of the script
     * @param integrity the value of the {@code integrity} attribute for that path
     */
    record ScriptVersion(String url, String integrity) {}

    @GetMapping("/sdk/v1/script")
    @Operation(summary = "The versioned path of the prompt's script and its Subresource Integrity value")
    ScriptVersion scriptVersion() {
        return new ScriptVersion("/sdk/" + version + "/consent.js", integrity);
    }

    /**
     * What the prompt shows: the entity's purposes processed on consent with their latest notice written for the web,
     * in the page's language.
     */
    @GetMapping("/sdk/v1/{entity}/prompt")
    @Operation(summary = "The prompt's purposes, notice texts and versions, and its own texts, in a language")
    ResponseEntity<PromptView> prompt(@PathVariable String entity, @RequestParam(defaultValue = "en") String language) {
        GroupEntity group = entity(entity);
        String lang = language(language);
        GpcPolicy gpc = entities.jurisdiction(group).gpc();
        List<PurposeChoice> choices = staff.asSystem(PROMPT_ACTOR, () -> ledger.purposes(group.code(), lang));
        List<PromptPurpose> purposes = new ArrayList<>();
        for (PurposeChoice choice : choices) {
            PublishedNotice notice = choice.notice();
            if (!choice.legalBasis().equals("consent")
                    || notice == null
                    || !notice.channels().contains("web")) {
                continue;
            }
            NoticeText text = notice.text(lang);
            purposes.add(new PromptPurpose(
                    choice.purpose(),
                    choice.name(),
                    text.title(),
                    plain(text.body()),
                    notice.key(),
                    notice.version(),
                    "/notices/" + group.code() + "/" + notice.key() + "/" + notice.version() + "?lang=" + lang,
                    gpc.effect() == GpcPolicy.Effect.OBJECTION && gpc.appliesTo(TermKey.of(choice.purpose()))));
        }
        PromptSettings.Settings configured = settings.of(group.code());
        Locale locale = Locale.forLanguageTag(lang);
        Map<String, String> texts = new LinkedHashMap<>();
        for (String key : TEXTS) {
            texts.put(
                    key,
                    messages.getMessage(
                            "prompt." + key, key.equals("intro") ? new Object[] {group.name()} : null, locale));
        }
        PromptView view = new PromptView(
                group.code(), group.name(), lang, purposes, gpc.effect().key(), configured.tcfEnabled(), texts);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(view);
    }

    /**
     * The prompt's content.
     *
     * @param entity the entity's code
     * @param company the entity's name, shown as the controller
     * @param language {@code en} or {@code fr}
     * @param purposes the purposes to ask about, in key order
     * @param gpc what a Global Privacy Control signal does at this entity: {@code objection} or {@code none}
     * @param tcf whether the prompt speaks IAB TCF for this entity
     * @param texts the prompt's own texts (buttons, headings) in that language
     */
    record PromptView(
            String entity,
            String company,
            String language,
            List<PromptPurpose> purposes,
            String gpc,
            boolean tcf,
            Map<String, String> texts) {}

    /**
     * One purpose of the prompt.
     *
     * @param purpose its key
     * @param name its name
     * @param title the notice's title
     * @param text the notice's text, plain: paragraphs separated by blank lines, list items starting with "- "
     * @param noticeKey the notice's key
     * @param noticeVersion the version shown, which a choice sends back
     * @param noticeUrl the path of the notice's public page
     * @param gpc whether a Global Privacy Control signal opts the person out of it at this entity
     */
    record PromptPurpose(
            String purpose,
            String name,
            String title,
            String text,
            String noticeKey,
            int noticeVersion,
            String noticeUrl,
            boolean gpc) {}

    /**
     * Choices the person made in the prompt.
     *
     * @param visitor the random id the script created when the person first acted (a UUID); ignored for a customer
     *     signed in to the privacy center
     * @param choices the choices
     * @param promptId which layer or prompt the person answered: {@code first-layer}, {@code second-layer} or {@code
     *     jit:<purpose>}
     * @param page the page the prompt was shown on (origin and path, no query)
     * @param clientTime when the browser says the choice was made
     * @param language the language the prompt was shown in
     */
    record ChoicesRequest(
            @Nullable String visitor,
            @Nullable List<PromptChoice> choices,
            @Nullable String promptId,
            @Nullable String page,
            @Nullable String clientTime,
            @Nullable String language) {}

    /**
     * One choice.
     *
     * @param purpose the purpose's key
     * @param action {@code granted}, {@code refused} or {@code withdrawn}
     * @param noticeVersion the notice version the prompt showed
     * @param idempotencyKey the script's key for this choice, so that a retry records it once
     */
    record PromptChoice(
            @Nullable String purpose,
            @Nullable String action,
            @Nullable Integer noticeVersion,
            @Nullable String idempotencyKey) {}

    /**
     * The person's choices as recorded.
     *
     * @param states the state of every purpose of the entity that takes choices
     * @param tcf the TC string of these states, when the entity enables TCF
     */
    record ChoicesView(List<PurposeState> states, TcStrings.@Nullable TcData tcf) {}

    @PostMapping(path = "/sdk/v1/{entity}/choices", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Records a visitor's choices made in the prompt (channel web)",
            description = "Public, for the entity's configured site origins only (CORS), rate limited per IP address."
                    + " A customer signed in to the privacy center on Custodia's own origin is recorded as themselves.")
    ResponseEntity<?> choose(
            @PathVariable String entity, @RequestBody ChoicesRequest body, HttpServletRequest request) {
        GroupEntity group = entity(entity);
        if (!limits.allow(RateLimits.Limit.PROMPT_CHOICES_PER_IP, request.getRemoteAddr())) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.TOO_MANY_REQUESTS, "Too many choices sent from this address: try again later");
            problem.setType(ProblemTypes.RATE_LIMITED);
            problem.setTitle("Too many requests");
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(
                            HttpHeaders.RETRY_AFTER,
                            Long.toString(RateLimits.Limit.PROMPT_CHOICES_PER_IP.window.toSeconds()))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        String lang = language(Objects.requireNonNullElse(body.language(), "en"));
        String endpoint = "POST /sdk/v1/" + group.code() + "/choices";
        Origin origin = new Origin(endpoint, gpc(request), baseUrl(request), List.of(Locale.forLanguageTag(lang)));
        Optional<Customer> customer = Customer.current(group.code());
        List<PromptChoice> choices = Objects.requireNonNullElse(body.choices(), List.of());
        List<FieldError> errors = new ArrayList<>();
        if (choices.isEmpty()) {
            errors.add(new FieldError("choices", "send at least one choice"));
        }
        for (int index = 0; index < choices.size(); index++) {
            String action = choices.get(index).action();
            if (!("granted".equals(action) || "refused".equals(action) || "withdrawn".equals(action))) {
                errors.add(new FieldError(
                        "choices[" + index + "].action", "the prompt records granted, refused or withdrawn"));
            }
        }
        String visitor = body.visitor();
        if (customer.isEmpty() && (visitor == null || !VISITOR.matcher(visitor).matches())) {
            errors.add(new FieldError("visitor", "the visitor id is a random UUID the script created, in lower case"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The choices cannot be recorded; none was", errors);
        }
        ConsentRequest.Subject subject = customer.isPresent()
                ? new ConsentRequest.Subject(
                        customer.get().scheme(), customer.get().email())
                : new ConsentRequest.Subject("device_id", visitor);
        ConsentRequest.Context where = new ConsentRequest.Context(body.page(), body.promptId(), null);
        List<ConsentRequest> requests = choices.stream()
                .map(choice -> new ConsentRequest(
                        subject,
                        group.code(),
                        choice.purpose(),
                        choice.action(),
                        choice.noticeVersion(),
                        "web",
                        where,
                        body.clientTime(),
                        null,
                        null,
                        null,
                        choice.idempotencyKey(),
                        null))
                .toList();
        UUID subjectId;
        try {
            if (customer.isPresent()) {
                subjectId = customer.get().subjectId();
                ledger.recordAllForCustomer(subjectId, requests, origin);
            } else {
                ledger.recordForVisitor(requests, origin);
                subjectId = subjects.find(
                                group.code(), SubjectIdentifier.of("device_id", Objects.requireNonNull(visitor)))
                        .orElseThrow();
            }
        } catch (InvalidInputException e) {
            throw new InvalidInputException(
                    "The choices cannot be recorded; none was",
                    e.errors().stream()
                            .map(error -> new FieldError(
                                    error.field()
                                            .replaceFirst("^events\\[", "choices[")
                                            .replace("Idempotency-Key", "idempotencyKey"),
                                    error.message()))
                            .toList());
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view(group, subjectId, lang));
    }

    /** The choices of the visitor the header names (or of the signed-in customer), to show them again. */
    @GetMapping("/sdk/v1/{entity}/choices")
    @Operation(summary = "The states of the visitor named by the Custodia-Visitor header, with the TC string")
    ResponseEntity<ChoicesView> current(
            @PathVariable String entity,
            @RequestHeader(name = VISITOR_HEADER, required = false) @Nullable String visitor,
            @RequestParam(defaultValue = "en") String language) {
        GroupEntity group = entity(entity);
        Optional<Customer> customer = Customer.current(group.code());
        UUID subjectId;
        if (customer.isPresent()) {
            subjectId = customer.get().subjectId();
        } else if (visitor != null && VISITOR.matcher(visitor).matches()) {
            subjectId = subjects.find(group.code(), SubjectIdentifier.of("device_id", visitor))
                    .orElse(null);
        } else {
            throw InvalidInputException.of(VISITOR_HEADER, "the visitor id is a random UUID the script created");
        }
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(view(group, subjectId, language(language)));
    }

    private ChoicesView view(GroupEntity group, @Nullable UUID subjectId, String language) {
        List<PurposeState> states = ledger.customerStates(group.code(), subjectId);
        PromptSettings.Settings configured = settings.of(group.code());
        TcStrings.TcData tcf = configured.tcfEnabled()
                ? tcStrings.build(configured, states, clock.instant(), language, group.country())
                : null;
        return new ChoicesView(states, tcf);
    }

    private ResponseEntity<byte[]> scriptResponse(CacheControl cache) {
        return ResponseEntity.ok()
                .contentType(JAVASCRIPT)
                .cacheControl(cache)
                .eTag("\"" + version + "\"")
                // Any page may load it, with or without crossorigin="anonymous" and an integrity attribute.
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .header("Cross-Origin-Resource-Policy", "cross-origin")
                .body(script);
    }

    private GroupEntity entity(String code) {
        return entities.find(code).orElseThrow(() -> new NotFoundException("No entity " + code));
    }

    private String baseUrl(HttpServletRequest request) {
        return publicUrl.isEmpty()
                ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
                : publicUrl;
    }

    private static boolean gpc(HttpServletRequest request) {
        String header = request.getHeader("Sec-GPC");
        return header != null && header.strip().equals("1");
    }

    /** French for a page in French, English otherwise. */
    static String language(String tag) {
        return tag.toLowerCase(Locale.ROOT).startsWith("fr") ? "fr" : "en";
    }

    /** A notice's limited Markdown as plain text: the bold markers dropped, paragraphs and list items kept. */
    static String plain(String markdown) {
        return markdown.replace("**", "").strip();
    }

    private static byte[] read(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
