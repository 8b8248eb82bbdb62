package io.custodia.server.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.audit.AuditChain;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.consent.Actor;
import io.custodia.core.consent.Channel;
import io.custodia.core.consent.ConsentAction;
import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.consent.ConsentFold;
import io.custodia.core.consent.ConsentRecordingRules;
import io.custodia.core.consent.ConsentState;
import io.custodia.core.consent.NoticeVersions;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.identity.EntityScope;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.Staff;
import io.custodia.server.notices.PublishedNotice;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The consent feature's facade: records customers' choices, answers their current state and timeline, and hands
 * out the signed receipt of every event.
 *
 * <p>Recording checks every rule first ({@link ConsentRecordingRules}, through the register and the notices) and
 * reports every broken one at once, storing nothing. It then writes, in one transaction, the event, its audit entry
 * and its change for the changes feed, registering the customer first when the identifier names no one yet (a
 * consent may be the first contact). A request whose idempotency key its entity has seen before records nothing: it
 * gets the first answer again, or a conflict when the key came with another request. Concurrent requests are safe:
 * see {@link LedgerWriter}.
 *
 * <p>Every method needs a signed-in staff member or a company service with a token, and answers only about the
 * entities they may see. Staff record with the role of a DPO, a privacy officer or a support agent, and are recorded
 * as the agent who took the customer's choice. A service records with the scope {@code consent:write} and reads with
 * {@code consent:read}, for its token's entity only (which a request may then leave out); the choices it sends are
 * the customer's own, or an agent's it names.
 */
@Service
public class ConsentLedger {
    /** Who may record: staff with a recording role, or a service token with {@code consent:write}. */
    static final String WRITERS =
            "hasAnyRole('DPO','PRIVACY_OFFICER','SUPPORT_AGENT') or hasAuthority('SCOPE_consent:write')";
    /** Who may read states, timelines and receipts: any staff member, or a service token with {@code consent:read}. */
    static final String READERS = "hasAuthority('" + Staff.AUTHORITY + "') or hasAuthority('SCOPE_consent:read')";
    /** The most events one batch may hold. */
    static final int MAX_BATCH = 500;

    /** The roles that may record a choice for a customer (always as their agent). */
    static final Set<Role> RECORDERS =
            Collections.unmodifiableSet(EnumSet.of(Role.DPO, Role.PRIVACY_OFFICER, Role.SUPPORT_AGENT));

    private static final int ATTEMPTS = 5;
    /** The system actor that reads the register to fold every customer's states. */
    private static final String STATES_ACTOR = "system:consent";
    /** The system actor that reads the register and notices when a customer records a choice themselves. */
    private static final String PRIVACY_ACTOR = "system:privacy";
    /** The system actor that relays the choices visitors make in the consent prompt of a company's web site. */
    private static final String PROMPT_ACTOR = "system:prompt";

    private final Choices choices;
    private final EntityContexts contexts;
    private final LedgerStates states;
    private final StoredEvents events;
    private final GroupCommit groupCommit;
    private final GpcSignals gpc;
    private final Receipts receipts;
    private final ConsentImports imports;
    private final ReceiptKeys keys;
    private final Subjects subjects;
    private final Staff staff;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final Clock clock;

    @SuppressWarnings("TooManyParameters") // the facade ties the feature's parts to the features it reads
    ConsentLedger(
            Choices choices,
            EntityContexts contexts,
            LedgerStates states,
            StoredEvents events,
            GroupCommit groupCommit,
            GpcSignals gpc,
            Receipts receipts,
            ConsentImports imports,
            ReceiptKeys keys,
            Subjects subjects,
            Staff staff,
            AuditTrail audit,
            TransactionTemplate transactions,
            ObjectMapper json,
            Clock clock) {
        this.choices = choices;
        this.contexts = contexts;
        this.states = states;
        this.events = events;
        this.groupCommit = groupCommit;
        this.gpc = gpc;
        this.receipts = receipts;
        this.imports = imports;
        this.keys = keys;
        this.subjects = subjects;
        this.staff = staff;
        this.audit = audit;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /** The path of an event's receipt. */
    public static String receiptPath(UUID eventId) {
        return "/api/v1/receipts/" + eventId;
    }

    /**
     * Records one choice, its idempotency key in {@link ConsentRequest#idempotencyKey()}.
     *
     * @return the answer; {@link RecordedConsent#replayed()} when the key had been used for this same request
     * @throws InvalidInputException naming every broken rule (field names as in the request, the key as {@code
     *     Idempotency-Key}); nothing is stored
     * @throws NotFoundException when the entity does not exist or is outside the caller's scope
     * @throws io.custodia.core.ConflictException when the key was used for a different request
     */
    @PreAuthorize(WRITERS)
    public RecordedConsent record(ConsentRequest request, Origin origin) {
        return record(List.of(request), origin, true, recorder()).get(0);
    }

    /**
     * Records a choice customers made themselves in the privacy center, once signed in: the event's actor is the
     * customer, and the audit log names them by internal id ({@code customer:<id>}). The request's subject must be an
     * identifier of that same customer. Checks no staff permission: the privacy center calls it only for the customer
     * its sign-in verified, and the rules are those of {@link #record}.
     *
     * @param subjectId the signed-in customer
     * @throws InvalidInputException naming every broken rule, or {@code agent} or {@code guardian} when the request
     *     names one (a customer records their own choice); nothing is stored
     * @throws NotFoundException when the entity does not exist, or the request's identifier names someone else
     * @throws io.custodia.core.ConflictException when the idempotency key was used for a different request
     */
    public RecordedConsent recordForCustomer(UUID subjectId, ConsentRequest request, Origin origin) {
        if (request.agent() != null || request.guardian() != null) {
            throw InvalidInputException.of(
                    request.agent() != null ? "agent" : "guardian",
                    "a customer records their own choice: name no agent and no guardian");
        }
        Recorder.Customer customer = new Recorder.Customer(subjectId);
        checkOwnIdentifier(subjectId, request);
        return staff.asSystem(PRIVACY_ACTOR, () -> record(List.of(request), origin, true, customer))
                .get(0);
    }

    /**
     * Records several choices a signed-in customer made at once (the consent prompt on the company's own pages), all or
     * nothing, with the rules of {@link #recordForCustomer}.
     *
     * @throws InvalidInputException naming every broken rule as {@code events[i].field}; nothing is stored
     * @throws NotFoundException when the entity does not exist, or a request's identifier names someone else
     */
    public List<RecordedConsent> recordAllForCustomer(UUID subjectId, List<ConsentRequest> requests, Origin origin) {
        if (requests.isEmpty() || requests.size() > MAX_BATCH) {
            throw InvalidInputException.of("events", "1 to " + MAX_BATCH + " choices, got " + requests.size());
        }
        for (int index = 0; index < requests.size(); index++) {
            ConsentRequest request = requests.get(index);
            if (request.agent() != null || request.guardian() != null) {
                throw InvalidInputException.of(
                        "events[" + index + "]." + (request.agent() != null ? "agent" : "guardian"),
                        "a customer records their own choice: name no agent and no guardian");
            }
            checkOwnIdentifier(subjectId, request);
        }
        Recorder.Customer customer = new Recorder.Customer(subjectId);
        return staff.asSystem(PRIVACY_ACTOR, () -> record(requests, origin, false, customer));
    }

    /** The request must name the signed-in customer by one of their own identifiers. */
    private void checkOwnIdentifier(UUID subjectId, ConsentRequest request) {
        ConsentRequest.Subject named = request.subject();
        SubjectIdentifier identifier = named == null
                ? null
                : SubjectIdentifier.parse("subject", named.scheme(), named.value(), new ArrayList<>());
        String entityCode = Objects.requireNonNullElse(request.entity(), "");
        if (identifier == null
                || !subjects.find(entityCode, identifier).map(subjectId::equals).orElse(false)) {
            throw new NotFoundException("No such customer");
        }
    }

    /**
     * Records the choices a visitor made in the consent prompt of a company's web site ({@code /sdk/consent.js}), all
     * or nothing. The visitor is named by the device id the prompt created when they acted (scheme {@code
     * device_id}); a device id never seen before registers a new customer. The event's actor is the customer, the
     * audit log's {@value #PROMPT_ACTOR}. Checks no staff permission: the prompt's public endpoint calls it, within its
     * rate limits and allowed site origins, and the rules are those of {@link #recordAll}. A {@code Sec-GPC: 1} signal
     * of the request is applied to the visitor's other purposes, as for a service.
     *
     * @throws InvalidInputException naming every broken rule, or {@code events[i].subject} when a choice names another
     *     scheme than {@code device_id}, or an agent or a guardian; nothing is stored
     * @throws NotFoundException when the entity does not exist
     * @throws io.custodia.core.ConflictException when an idempotency key was used for a different request
     */
    public List<RecordedConsent> recordForVisitor(List<ConsentRequest> requests, Origin origin) {
        if (requests.isEmpty()) {
            throw InvalidInputException.of("choices", "send at least one choice");
        }
        if (requests.size() > MAX_BATCH) {
            throw InvalidInputException.of(
                    "choices", "at most " + MAX_BATCH + " choices per request, got " + requests.size());
        }
        List<FieldError> errors = new ArrayList<>();
        for (int index = 0; index < requests.size(); index++) {
            ConsentRequest request = requests.get(index);
            ConsentRequest.Subject subject = request.subject();
            if (subject == null || !"device_id".equals(subject.scheme())) {
                errors.add(new FieldError("events[" + index + "].subject", "a visitor is named by a device_id"));
            }
            if (request.agent() != null || request.guardian() != null) {
                errors.add(new FieldError(
                        "events[" + index + "]." + (request.agent() != null ? "agent" : "guardian"),
                        "a visitor records their own choice: name no agent and no guardian"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The choices cannot be recorded; none was", errors);
        }
        return staff.asSystem(PROMPT_ACTOR, () -> record(requests, origin, false, new Recorder.Visitor()));
    }

    /**
     * A customer's state for every purpose of the entity that takes choices, as {@link #states} answers it, for the
     * privacy center and the consent prompt. Checks no staff permission and applies no signal: the caller names the
     * customer its sign-in verified, or the visitor its device id names.
     *
     * @param subjectId the customer, or null for someone unknown (every purpose {@code none})
     * @throws NotFoundException when the entity does not exist
     */
    public List<PurposeState> customerStates(String entityCode, @Nullable UUID subjectId) {
        return staff.asSystem(PRIVACY_ACTOR, () -> statesOf(context(entityCode), subjectId));
    }

    /**
     * The customer's own events, oldest first, for the privacy center. Checks no staff permission: the caller names
     * the customer its sign-in verified.
     */
    public List<LedgerEntry> customerTimeline(UUID subjectId) {
        return Objects.requireNonNull(transactions.execute(status -> timelineOf(subjectId)));
    }

    /**
     * The signed receipt of one of the customer's own events, for the privacy center. Checks no staff permission: the
     * caller names the customer its sign-in verified, and an event of anyone else answers as a missing one.
     *
     * @throws NotFoundException when there is no such event of this customer
     */
    public String customerReceipt(UUID subjectId, UUID eventId, Origin origin) {
        StoredEvent stored = events.byId(eventId)
                .filter(event -> event.event().subjectId().equals(subjectId))
                .orElseThrow(() -> new NotFoundException("No consent event " + eventId));
        String receipt = stored.receipt();
        if (receipt != null) {
            return receipt;
        }
        return staff.asSystem(PRIVACY_ACTOR, () -> receipt(eventId, origin));
    }

    /**
     * Records several choices, all or nothing, each with its own idempotency key.
     *
     * @return the answers, in the order of the requests
     * @throws InvalidInputException naming every broken rule as {@code events[i].field}; nothing is stored
     * @throws NotFoundException when an entity does not exist or is outside the caller's scope
     * @throws io.custodia.core.ConflictException when a key was used for a different request
     */
    @PreAuthorize(WRITERS)
    public List<RecordedConsent> recordAll(List<ConsentRequest> requests, Origin origin) {
        if (requests.isEmpty()) {
            throw InvalidInputException.of("events", "send at least one event");
        }
        if (requests.size() > MAX_BATCH) {
            throw InvalidInputException.of(
                    "events", "at most " + MAX_BATCH + " events per batch, got " + requests.size());
        }
        return record(requests, origin, false, recorder());
    }

    /**
     * The customer's state for every purpose of the entity's active activities that takes choices (processed on
     * consent, legitimate interest or public task), in key order. An identifier that names no customer gets the
     * same answer as a customer who never chose: every purpose {@code none}, so that the answer does not tell
     * whether the person is a customer.
     *
     * <p>A request that carried {@code Sec-GPC: 1} from a caller who may record consents has the signal recorded and
     * applied first.
     *
     * @throws InvalidInputException for a malformed identifier, naming {@code scheme} or {@code value}
     * @throws NotFoundException when the entity does not exist or is outside the caller's scope
     */
    @PreAuthorize(READERS)
    public List<PurposeState> states(String entityCode, String scheme, String value, Origin origin) {
        EntityContext context = context(entityCode);
        SubjectIdentifier identifier = queryIdentifier(scheme, value);
        return retrying(() -> {
            Optional<UUID> subject = subjects.find(context.code(), identifier);
            receiveSignal(context, subject.orElse(null), origin);
            return statesOf(context, subject.orElse(null));
        });
    }

    /**
     * The customer's events, oldest first; empty for an identifier that names no one. A {@code Sec-GPC: 1} signal
     * is handled as for {@link #states}.
     *
     * @throws InvalidInputException for a malformed identifier, naming {@code scheme} or {@code value}
     * @throws NotFoundException when the entity does not exist or is outside the caller's scope
     */
    @PreAuthorize(READERS)
    public List<LedgerEntry> timeline(String entityCode, String scheme, String value, Origin origin) {
        EntityContext context = context(entityCode);
        SubjectIdentifier identifier = queryIdentifier(scheme, value);
        return retrying(() -> {
            Optional<UUID> subject = subjects.find(context.code(), identifier);
            receiveSignal(context, subject.orElse(null), origin);
            return subject.map(this::timelineOf).orElse(List.of());
        });
    }

    /**
     * What staff see of a customer in the console: whether the identifier names one, their states and timeline.
     *
     * @throws InvalidInputException for a malformed identifier, naming {@code scheme} or {@code value}
     * @throws NotFoundException when the entity does not exist or is outside the caller's scope
     */
    public Lookup lookup(String entityCode, String scheme, String value) {
        EntityContext context = context(entityCode);
        SubjectIdentifier identifier = queryIdentifier(scheme, value);
        Optional<UUID> subject = subjects.find(context.code(), identifier);
        return new Lookup(
                subject.isPresent(),
                statesOf(context, subject.orElse(null)),
                subject.map(this::timelineOf).orElse(List.of()));
    }

    /**
     * The purposes of an entity a customer can make a choice about, with the choices each takes and its latest
     * notice, for forms.
     *
     * @param language the language for the purposes' names
     * @throws NotFoundException when the entity does not exist or is outside the caller's scope
     */
    public List<PurposeChoice> purposes(String entityCode, String language) {
        EntityContext context = context(entityCode);
        List<PurposeChoice> found = new ArrayList<>();
        for (DeclaredPurpose purpose : context.purposes().values()) {
            if (!purpose.takesChoices()) {
                continue;
            }
            List<String> actions = Arrays.stream(ConsentAction.values())
                    .filter(action -> accepts(action, purpose))
                    .map(ConsentAction::key)
                    .toList();
            Term term = context.purposeTerms().get(purpose.purpose());
            found.add(new PurposeChoice(
                    purpose.purpose().value(),
                    term == null ? purpose.purpose().value() : term.name(language),
                    purpose.legalBasis().key(),
                    actions,
                    context.notices().latest(purpose.purpose()).orElse(null)));
        }
        return found;
    }

    /**
     * The signed receipt of an event, a compact JWS, signed on its first request and kept: the same bytes are handed
     * out ever after. Its fields are those fixed when the event was recorded. An imported event's receipt is made on
     * its first request, with the facts of that day (the register's activities, the notice version the event names).
     *
     * @param origin the request, for the links an imported event's receipt holds
     * @throws NotFoundException when there is no such event, or it belongs to an entity outside the caller's scope
     * @throws io.custodia.core.ConflictException when an imported event's purpose is no longer declared, so that its
     *     receipt cannot be issued
     */
    @PreAuthorize(READERS)
    public String receipt(UUID eventId, Origin origin) {
        StoredEvent stored = events.byId(eventId)
                .filter(event -> staff.scope().includes(event.entityCode()))
                .orElseThrow(() -> new NotFoundException("No consent event " + eventId));
        String receipt = stored.receipt();
        if (receipt != null) {
            return receipt;
        }
        Optional<String> kept = events.lateReceipt(eventId);
        if (kept.isPresent()) {
            return kept.get();
        }
        String document = stored.receiptDocument();
        if (document != null) {
            // What it states is proven already: the event's audit entry holds the document's SHA-256.
            return keepSigned(stored, receipts.sign(document), false);
        }
        return keepSigned(stored, receipts.sign(importedDocument(stored, origin)), true);
    }

    /**
     * Imports a file of consents collected elsewhere (channel {@code import}) into one entity, all or nothing: every
     * line is checked with the rules of {@link #record}, and the caller is recorded as the agent of every event. The
     * same file imported again records nothing and answers the first import's summary.
     *
     * @param format {@code csv} or {@code jsonl}
     * @param body the file, UTF-8, read to its end
     * @throws InvalidInputException naming each bad line as {@code line N: field} (at most {@value
     *     ConsentImports#MAX_ERRORS}); nothing is stored
     * @throws NotFoundException when the entity does not exist or is outside the caller's scope
     */
    @PreAuthorize(WRITERS)
    public ImportSummary importConsents(String entityCode, String format, InputStream body, Origin origin) {
        ImportLines.Format parsed = Arrays.stream(ImportLines.Format.values())
                .filter(candidate -> candidate.key().equals(format))
                .findFirst()
                .orElseThrow(() -> InvalidInputException.of(
                        "format", "'" + format + "' is not an import format; use " + ImportLines.formats()));
        EntityContext context = context(entityCode);
        return imports.importFile(context, recorder(), staff.actor(), parsed, body, origin.languages());
    }

    /** The document of an imported event's receipt, made with the facts of today. */
    private String importedDocument(StoredEvent stored, Origin origin) {
        ConsentEvent event = stored.event();
        EntityContext context = context(stored.entityCode());
        DeclaredPurpose purpose = context.purposes().get(event.purpose());
        if (purpose == null) {
            throw new io.custodia.core.ConflictException("The purpose " + event.purpose()
                    + " is no longer declared by an active activity of " + stored.entityCode()
                    + ": the receipt of this imported event cannot be issued");
        }
        PublishedNotice notice = context.notices()
                .published(event.purpose(), event.noticeVersion())
                .orElseThrow(() -> new io.custodia.core.ConflictException(
                        "The notice version of this imported event is no longer published"));
        return receipts.document(
                event, new Receipts.Facts(context, purpose, notice, stored.language(), origin.baseUrl(), null));
    }

    /**
     * Keeps a receipt signed on its first request, unless a concurrent request kept one first: the first kept is the
     * receipt, and the answer.
     *
     * @param audited whether to record an audit entry holding the receipt's SHA-256, for a receipt whose content the
     *     audit log does not hold yet (an imported event's)
     */
    private String keepSigned(StoredEvent stored, String signed, boolean audited) {
        UUID eventId = stored.id();
        return Objects.requireNonNull(transactions.execute(status -> {
            if (events.keepLateReceipt(eventId, signed, now())) {
                if (!audited) {
                    return signed;
                }
                audit.record(
                        staff.actor(),
                        "consent.receipt_issued",
                        "consent_event",
                        eventId.toString(),
                        stored.entityCode(),
                        Map.of(
                                "eventId",
                                eventId.toString(),
                                "receiptSha256",
                                AuditChain.sha256Hex(signed.getBytes(StandardCharsets.US_ASCII))));
                return signed;
            }
            return events.lateReceipt(eventId).orElseThrow();
        }));
    }

    /**
     * Every customer's current consent state for each purpose the entity's active activities declare, folded from the
     * whole ledger as of now and handed over customer by customer: what a decision replica starts from. Checks no
     * permission: it serves the decisions feature, which answers to callers of its own.
     */
    public void currentStates(String entityCode, Consumer<List<ConsentChanged>> perCustomer) {
        transactions.executeWithoutResult(status -> {
            EntityContext context = staff.asSystem(STATES_ACTOR, () -> contexts.of(entityCode));
            states.foldAll(entityCode, context.purposes(), context.notices().versions(), clock.instant(), perCustomer);
        });
    }

    /** The public keys that verify receipts, as a JSON Web Key Set: every key ever used, newest first. */
    public String publicKeys() {
        return keys.publicKeys().toString();
    }

    /**
     * Makes a new key sign receipts from now on. Receipts signed before keep verifying: old public keys stay
     * published. Needs a DPO over the whole group, since one key signs for every entity.
     *
     * @return the new key's id ({@code kid})
     */
    @PreAuthorize("hasRole('DPO')")
    public String rotateReceiptKey() {
        if (!(staff.scope() instanceof EntityScope.All)) {
            throw new AccessDeniedException("Receipt keys sign for every entity: rotating them needs a group DPO");
        }
        String kid = keys.rotate();
        transactions.executeWithoutResult(status ->
                audit.record(staff.actor(), "receipt_key.rotated", "receipt_key", kid, null, Map.of("kid", kid)));
        return kid;
    }

    private List<RecordedConsent> record(
            List<ConsentRequest> requests, Origin origin, boolean single, Recorder caller) {
        Map<String, EntityContext> contexts = new HashMap<>();
        Map<String, Integer> keysSeen = new HashMap<>();
        List<Choice> checked = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int index = 0; index < requests.size(); index++) {
            ConsentRequest request = requests.get(index);
            String prefix = single ? "" : "events[" + index + "].";
            String keyField = single ? "Idempotency-Key" : prefix + "idempotencyKey";
            String entityCode = request.entity();
            if ((entityCode == null || entityCode.isBlank()) && caller instanceof Recorder.Service service) {
                entityCode = service.caller().entityCode();
            }
            if (entityCode == null || entityCode.isBlank()) {
                errors.add(new FieldError(prefix + "entity", "the entity code is required, such as FR"));
                continue;
            }
            EntityContext context = contexts.computeIfAbsent(entityCode.strip(), this::context);
            try {
                Choice choice = choices.check(request, context, caller, origin.languages(), prefix, keyField);
                Integer earlier = keysSeen.putIfAbsent(context.code() + "\n" + choice.idempotencyKey(), index);
                if (earlier != null) {
                    errors.add(new FieldError(
                            keyField, "events[" + earlier + "] has this key too: each event needs its own"));
                }
                checked.add(choice);
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(
                    single ? "The consent cannot be recorded" : "Events of the batch cannot be recorded; none was",
                    errors);
        }
        return groupCommit.record(new GroupCommit.Submission(checked, origin, caller, auditActor(caller), single));
    }

    /** The caller as the audit log names them: a signed-in customer by internal id, anyone else as staff. */
    private String auditActor(Recorder caller) {
        return caller instanceof Recorder.Customer customer ? customer.actor() : staff.actor();
    }

    /**
     * Runs a check made once the customer is known, naming its fields as the request does ({@code events[i].} in a
     * batch).
     */
    static <T> T named(String prefix, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(
                    prefix.isEmpty()
                            ? "The consent cannot be recorded"
                            : "Events of the batch cannot be recorded; none was",
                    e.errors().stream()
                            .map(error -> new FieldError(prefix + error.field(), error.message()))
                            .toList());
        }
    }

    /** The request as understood, hashed: internal subject ids stand for the customer's and guardian's identifiers. */
    static String digest(UUID subjectId, Choice choice, Actor actor) {
        String canonical = String.join(
                "\n",
                subjectId.toString(),
                choice.context().code(),
                choice.purpose().purpose().value(),
                choice.scope().dataCategories().stream().map(TermKey::value).collect(Collectors.joining(",")),
                choice.scope().recipient() == null
                        ? ""
                        : choice.scope().recipient().value(),
                choice.action().key(),
                Integer.toString(choice.notice().version()),
                choice.channel().key(),
                choice.where().getOrDefault("page", ""),
                choice.where().getOrDefault("promptId", ""),
                choice.where().getOrDefault("deviceId", ""),
                choice.clientTime() == null ? "" : choice.clientTime().toString(),
                StoredEvent.actorType(actor),
                Objects.requireNonNullElse(StoredEvent.actorId(actor), ""));
        return AuditChain.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    }

    private void receiveSignal(EntityContext context, @Nullable UUID subjectId, Origin origin) {
        if (origin.gpc() && recorder().mayRecord()) {
            // A read carries no channel of its own; the signal comes from a browser.
            gpc.receive(
                    context,
                    subjectId,
                    Set.of(),
                    Channel.WEB,
                    origin,
                    context.notices().versions());
        }
    }

    private List<PurposeState> statesOf(EntityContext context, @Nullable UUID subjectId) {
        Instant now = now();
        NoticeVersions noticeVersions = context.notices().versions();
        List<PurposeState> states = new ArrayList<>();
        for (DeclaredPurpose purpose : context.purposes().values()) {
            if (!purpose.takesChoices()) {
                continue;
            }
            ConsentState state = subjectId == null
                    ? ConsentState.none()
                    : ConsentFold.fold(
                            events.foldable(subjectId, purpose.purpose()), purpose.policy(), noticeVersions, now);
            states.add(PurposeState.of(purpose.purpose(), state));
        }
        return states;
    }

    private List<LedgerEntry> timelineOf(UUID subjectId) {
        return events.timeline(subjectId).stream()
                .map(StoredEvent::entry)
                .map(entry -> entry.withContext(
                        DeviceIds.unsealed(entry.context(), ciphertext -> subjects.unseal(subjectId, ciphertext))))
                .toList();
    }

    private EntityContext context(String entityCode) {
        return contexts.of(entityCode);
    }

    private static SubjectIdentifier queryIdentifier(String scheme, String value) {
        List<FieldError> errors = new ArrayList<>();
        SubjectIdentifier identifier = SubjectIdentifier.parse("", scheme, value, errors);
        if (identifier == null) {
            throw new InvalidInputException("The identifier is not valid", errors);
        }
        return identifier;
    }

    private static boolean accepts(ConsentAction action, DeclaredPurpose purpose) {
        try {
            ConsentRecordingRules.checkAction(action, purpose.policy());
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private Recorder recorder() {
        return staff.service()
                .<Recorder>map(Recorder.Service::new)
                .orElseGet(() -> new Recorder.Agent(staff.current()));
    }

    /**
     * Runs work in a transaction, again when a concurrent request got in the way: it registered the same new
     * customer, took the same idempotency key, or deadlocked with this one. The next attempt sees what it did.
     */
    private <T> T retrying(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Objects.requireNonNull(transactions.execute(status -> work.get()));
            } catch (LedgerWriter.KeyTaken | DuplicateKeyException | TransientDataAccessException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
