package io.custodia.server.requests;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.RateLimitedException;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.jurisdiction.DueDate;
import io.custodia.core.jurisdiction.LegalClock;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.connectors.Connectors;
import io.custodia.server.connectors.SystemTarget;
import io.custodia.server.connectors.SystemType;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.Scope;
import io.custodia.server.identity.ServiceCaller;
import io.custodia.server.identity.Staff;
import io.custodia.server.identity.StaffMember;
import io.custodia.server.privacy.PrivacyCenter;
import io.custodia.server.privacy.PrivacyCenter.CodeCheck;
import io.custodia.server.privacy.PrivacyCenter.SignedInCustomer;
import io.custodia.server.privacy.SignInMessage;
import io.custodia.server.subjects.IdentifierScheme;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data-subject requests feature's facade: files a request, verifies the requester, extends the deadline, shows a
 * request and its package, and lets a person complete a manual task. The work itself is done by {@link
 * RequestWorkers}, task by task.
 *
 * <p>Who may do what: staff with the DPO, privacy officer or support agent role file requests as the customer's agent;
 * a service token with {@code requests:write} files and follows them for its entity; any staff member reads the
 * requests of the entities they see; the DPO and privacy officers extend deadlines and complete manual tasks. A
 * customer signed in to the privacy center files and follows their own requests. A request of an entity outside the
 * caller's scope answers like a missing one.
 *
 * <p>Verification is proportionate to the channel: a customer signed in to the privacy center, a service that
 * authenticated its customer, or an agent who checked the caller, has verified them; a request that came by e-mail
 * gets a one-time code sent to the address (the privacy center's codes, {@link PrivacyCenter}), and nothing is done
 * until the code comes back. An address that names no customer gets a request and a challenge all the same, which no
 * code can pass, so the answers never tell whether the person is a customer.
 */
@Service
public class DataRequests {
    /** Who may file and verify: staff with a role that takes requests, or a token with {@code requests:write}. */
    static final String FILERS =
            "hasAnyRole('DPO','PRIVACY_OFFICER','SUPPORT_AGENT') or hasAuthority('SCOPE_requests:write')";
    /** Who may read requests: any staff member, or a token with {@code requests:write}; packages need {@link #FILERS}. */
    static final String READERS = "hasAuthority('" + Staff.AUTHORITY + "') or hasAuthority('SCOPE_requests:write')";
    /** Who may extend a deadline and complete or retry tasks. */
    static final String MANAGERS = "hasAnyRole('DPO','PRIVACY_OFFICER')";

    /** The actor the audit log names for the work the feature does itself. */
    static final String ACTOR = "system:requests";

    static final Set<String> CHANNELS = Set.of("web", "app", "email", "call_center", "store", "mail", "api");
    static final Set<String> LANGUAGES = Set.of("en", "fr");

    private static final Set<Role> AGENTS = EnumSet.of(Role.DPO, Role.PRIVACY_OFFICER, Role.SUPPORT_AGENT);

    private final RequestStore store;
    private final TaskQueue queue;
    private final TaskSignal signal;
    private final Packages packages;
    private final RectificationValues rectification;
    private final Connectors connectors;
    private final Entities entities;
    private final Subjects subjects;
    private final PrivacyCenter privacy;
    private final Staff staff;
    private final AuditTrail audit;
    private final MessageSource messages;
    private final TransactionTemplate transactions;
    private final Clock clock;

    @SuppressWarnings("TooManyParameters") // the facade ties the feature's parts to the features it uses
    DataRequests(
            RequestStore store,
            TaskQueue queue,
            TaskSignal signal,
            Packages packages,
            RectificationValues rectification,
            Connectors connectors,
            Entities entities,
            Subjects subjects,
            PrivacyCenter privacy,
            Staff staff,
            AuditTrail audit,
            MessageSource messages,
            TransactionTemplate transactions,
            Clock clock) {
        this.store = store;
        this.queue = queue;
        this.signal = signal;
        this.packages = packages;
        this.rectification = rectification;
        this.connectors = connectors;
        this.entities = entities;
        this.subjects = subjects;
        this.privacy = privacy;
        this.staff = staff;
        this.audit = audit;
        this.messages = messages;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Files a request for a customer. Filing the same type for the same customer while one is open answers the open
     * one.
     *
     * @throws InvalidInputException naming every broken rule; nothing is stored
     * @throws NotFoundException when the entity does not exist or is outside the caller's scope
     * @throws RateLimitedException when a request by e-mail would send the address one code too many
     */
    @PreAuthorize(FILERS)
    public RequestView file(NewRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Optional<ServiceCaller> service = staff.service();
        String entityCode = request.entity() != null
                ? request.entity()
                : service.map(ServiceCaller::entityCode).orElse("");
        if (entityCode.isBlank()) {
            errors.add(new FieldError("entity", "the entity is required"));
        }
        RequestType type = null;
        if (request.type() == null) {
            errors.add(new FieldError("type", "the type is required"));
        } else {
            try {
                type = RequestType.of("type", request.type());
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        SubjectIdentifier identifier = request.subject() == null
                ? missing(errors, "subject", "the subject is required")
                : SubjectIdentifier.parse(
                        "subject", request.subject().scheme(), request.subject().value(), errors);
        String channel = Objects.requireNonNullElse(request.channel(), "");
        if (!CHANNELS.contains(channel)) {
            errors.add(new FieldError(
                    "channel", "must be one of " + String.join(", ", new java.util.TreeSet<>(CHANNELS))));
        }
        String language = Objects.requireNonNullElse(request.language(), "en");
        if (!LANGUAGES.contains(language)) {
            errors.add(new FieldError("language", "must be en or fr"));
        }
        Map<String, String> values = values(type, request.values(), errors);
        if (channel.equals("email") && identifier != null && identifier.scheme() != IdentifierScheme.EMAIL) {
            errors.add(new FieldError(
                    "subject.scheme", "a request received by e-mail is verified at that address: name it by email"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The request is invalid", errors);
        }
        service.ifPresent(caller -> {
            if (!caller.has(Scope.REQUESTS_WRITE)) {
                throw new AccessDeniedException("This token lacks the scope requests:write");
            }
            caller.requireEntity(entityCode);
        });
        String agent = null;
        if (service.isEmpty()) {
            StaffMember member = staff.current();
            if (!member.hasAny(AGENTS)) {
                throw new AccessDeniedException("Your roles do not allow filing requests");
            }
            agent = member.username();
        }
        staff.requireEntity(entityCode);
        GroupEntity group =
                entities.find(entityCode).orElseThrow(() -> new NotFoundException("No entity " + entityCode));
        Intake intake = new Intake(
                group,
                Objects.requireNonNull(type),
                Objects.requireNonNull(identifier),
                channel,
                language,
                values,
                staff.actor(),
                agent);
        return view(Objects.requireNonNull(transactions.execute(status -> intake(intake))));
    }

    /**
     * Files a request for a customer signed in to the privacy center, who is verified by their sign-in.
     *
     * @param values the new values of a rectification, by data category; ignored for other types
     * @throws InvalidInputException naming {@code type} or {@code values}; nothing is stored
     */
    public RequestView fileForCustomer(
            SignedInCustomer customer, String type, Map<String, String> values, String language) {
        List<FieldError> errors = new ArrayList<>();
        RequestType requestType = RequestType.of("type", type);
        Map<String, String> checked = values(requestType, values, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The request is invalid", errors);
        }
        GroupEntity group = entities.find(customer.entityCode())
                .orElseThrow(() -> new NotFoundException("No entity " + customer.entityCode()));
        Intake intake = new Intake(
                group,
                requestType,
                SubjectIdentifier.of(customer.scheme(), customer.email()),
                "web",
                LANGUAGES.contains(language) ? language : "en",
                checked,
                "customer:" + customer.subjectId(),
                null);
        UUID id = Objects.requireNonNull(transactions.execute(status -> intake(intake)));
        return view(id);
    }

    /** What {@link #intake} needs. */
    private record Intake(
            GroupEntity group,
            RequestType type,
            SubjectIdentifier identifier,
            String channel,
            String language,
            Map<String, String> values,
            String actor,
            @Nullable String agent) {}

    /** Stores a new request, or finds the open one; in the caller's transaction. */
    private UUID intake(Intake intake) {
        Instant now = clock.instant();
        String entityCode = intake.group().code();
        LegalClock legalClock = entities.legalClock(intake.group());
        LocalDate dueOn = legalClock.requestDueDate(now).date();
        Optional<UUID> subject = subjects.find(entityCode, intake.identifier());
        if (subject.isPresent()) {
            Optional<RequestStore.Row> open = store.open(entityCode, subject.get(), intake.type());
            if (open.isPresent()) {
                store.event(open.get().id(), "duplicate", intake.actor(), "filed again on channel " + intake.channel());
                return open.get().id();
            }
        }
        UUID id = UUID.randomUUID();
        boolean byEmail = intake.channel().equals("email");
        if (byEmail) {
            UUID challenge = privacy.sendCode(
                            entityCode,
                            subject.orElse(null),
                            intake.identifier().value(),
                            code -> codeMessage(intake, code))
                    .orElseThrow(() -> new RateLimitedException(
                            "Too many codes were sent to this address lately: try again later"));
            store.insert(new RequestStore.Row(
                    id,
                    entityCode,
                    subject.orElse(null),
                    intake.type(),
                    "verifying",
                    intake.channel(),
                    intake.actor(),
                    intake.agent(),
                    intake.language(),
                    now,
                    dueOn,
                    null,
                    null,
                    challenge,
                    null,
                    null,
                    subject.map(known -> rectification.seal(known, intake.values()))
                            .orElse(null)));
            store.event(id, "received", intake.actor(), intake.channel());
            store.event(id, "verification_sent", ACTOR, null);
        } else {
            UUID subjectId = subject.orElseGet(() -> subjects.register(
                    intake.actor(),
                    new Subjects.NewSubject(entityCode, AgeBand.UNKNOWN, List.of(intake.identifier()))));
            store.insert(new RequestStore.Row(
                    id,
                    entityCode,
                    subjectId,
                    intake.type(),
                    "in_progress",
                    intake.channel(),
                    intake.actor(),
                    intake.agent(),
                    intake.language(),
                    now,
                    dueOn,
                    null,
                    null,
                    null,
                    now,
                    null,
                    rectification.seal(subjectId, intake.values())));
            store.event(id, "received", intake.actor(), intake.channel());
            store.event(id, "verified", intake.actor(), verifiedBy(intake));
            plan(id, entityCode, intake.type());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", intake.type().key());
        payload.put("channel", intake.channel());
        payload.put("dueOn", dueOn.toString());
        if (intake.agent() != null) {
            payload.put("agent", intake.agent());
        }
        audit.record(intake.actor(), "request.filed", "data_request", id.toString(), entityCode, payload);
        return id;
    }

    private static String verifiedBy(Intake intake) {
        if (intake.actor().startsWith("customer:")) {
            return "signed in to the privacy center";
        }
        return intake.agent() != null ? "checked by agent " + intake.agent() : "authenticated by the company's service";
    }

    /**
     * Checks the code sent for a request received by e-mail; a right code starts the work. Every try counts, and a
     * challenge allows a few: once they are used, or the code expired, the request is refused and must be filed again.
     *
     * @throws InvalidInputException naming {@code code} when it is wrong (saying how many tries are left) or can no
     *     longer be used, or when the request waits for no code
     * @throws NotFoundException when there is no such request in the caller's scope
     */
    @PreAuthorize(FILERS)
    public RequestView verify(UUID id, String code) {
        RequestStore.Row row = visible(id);
        if (!row.status().equals("verifying") || row.challengeId() == null) {
            throw InvalidInputException.of("code", "this request is not waiting for a code");
        }
        // Checked in its own transaction, so that a wrong try counts even though this call then fails.
        CodeCheck check = privacy.checkCode(row.challengeId(), row.entityCode(), code, "request.verified");
        String actor = staff.actor();
        if (check instanceof CodeCheck.Passed passed) {
            transactions.executeWithoutResult(status -> {
                RequestStore.Row locked = store.lock(id).orElseThrow();
                if (!locked.status().equals("verifying")) {
                    return;
                }
                store.verified(id, passed.subjectId());
                store.event(id, "verified", actor, "one-time code sent by e-mail");
                audit.record(actor, "request.verified", "data_request", id.toString(), row.entityCode(), Map.of());
                plan(id, row.entityCode(), row.type());
            });
            return view(id);
        }
        if (check instanceof CodeCheck.Wrong wrong) {
            transactions.executeWithoutResult(status -> store.event(id, "verification_failed", actor, null));
            throw InvalidInputException.of("code", "the code is wrong; " + wrong.attemptsLeft() + " tries left");
        }
        boolean refused = Boolean.TRUE.equals(transactions.execute(status -> {
            RequestStore.Row locked = store.lock(id).orElseThrow();
            if (!locked.status().equals("verifying")) {
                // A concurrent try with the right code used it up first: the request goes on.
                return false;
            }
            store.setStatus(id, "refused");
            store.event(id, "refused", actor, "the identity could not be verified");
            audit.record(actor, "request.refused", "data_request", id.toString(), row.entityCode(), Map.of());
            return true;
        }));
        if (!refused) {
            return view(id);
        }
        throw InvalidInputException.of(
                "code", "this code can no longer be used; the request was closed, file it again for a new code");
    }

    /**
     * Extends the deadline by the further period the entity's jurisdiction allows (two months under the GDPR), with
     * a reason, and tells the customer. Allowed once, while the request is open and within its first period.
     *
     * @throws InvalidInputException naming {@code reason} when it is blank or longer than 1000 characters, or when
     *     the request cannot be extended (closed, already extended, past its first deadline, or a law that allows no
     *     extension)
     * @throws NotFoundException when there is no such request in the caller's scope
     */
    @PreAuthorize(MANAGERS)
    public RequestView extend(UUID id, String reason) {
        String why = reason.strip();
        if (why.isEmpty() || why.length() > 1000) {
            throw InvalidInputException.of("reason", "give the reason, at most 1000 characters");
        }
        visible(id);
        String actor = staff.actor();
        transactions.executeWithoutResult(status -> {
            RequestStore.Row row = store.lock(id).orElseThrow();
            GroupEntity group = entities.find(row.entityCode()).orElseThrow();
            LegalClock legalClock = entities.legalClock(group);
            if (!row.open()) {
                throw InvalidInputException.of("reason", "the request is closed");
            }
            if (row.extendedAt() != null) {
                throw InvalidInputException.of("reason", "the deadline was already extended");
            }
            if (!legalClock.pack().requestDeadline().extendable()) {
                throw InvalidInputException.of("reason", "the entity's jurisdiction allows no extension");
            }
            if (legalClock.isOverdue(new DueDate(row.dueOn(), group.timeZone()))) {
                throw InvalidInputException.of(
                        "reason", "an extension must be decided and told within the first period, which has passed");
            }
            LocalDate extended =
                    legalClock.extendedRequestDueDate(row.receivedAt()).date();
            store.extended(id, extended, why);
            store.event(id, "extended", actor, why);
            audit.record(
                    actor,
                    "request.extended",
                    "data_request",
                    id.toString(),
                    row.entityCode(),
                    Map.of("dueOn", extended.toString(), "reason", why));
            if (row.subjectId() != null) {
                emailOf(row.subjectId()).ifPresent(address -> {
                    privacy.tell(extensionMessage(row, group, address, extended, why));
                    store.event(id, "customer_told", ACTOR, "extension");
                });
            }
        });
        return view(id);
    }

    /**
     * One request with its tasks and timeline.
     *
     * @throws NotFoundException when there is no such request in the caller's scope
     */
    @PreAuthorize(READERS)
    public RequestView get(UUID id) {
        return view(visible(id).id());
    }

    /** The requests of the entities the caller sees (or of one), open ones first by due date, then recent ones. */
    @PreAuthorize(READERS)
    public List<RequestView> list(@Nullable String entityCode, boolean openOnly, int limit) {
        List<String> codes = entityCodes(entityCode);
        return store.ofEntities(codes, openOnly, limit).stream()
                .map(row -> view(row.id()))
                .toList();
    }

    /** The completed requests of the entities the caller sees (or of one), for the time-to-complete chart. */
    List<RequestStore.Completed> completed(@Nullable String entityCode) {
        return store.completed(entityCodes(entityCode));
    }

    private List<String> entityCodes(@Nullable String entityCode) {
        if (entityCode != null && !entityCode.isBlank()) {
            staff.requireEntity(entityCode);
            return List.of(entityCode);
        }
        return entities.all().stream()
                .map(GroupEntity::code)
                .filter(code -> staff.scope().includes(code))
                .toList();
    }

    /**
     * Records that a person did a manual task (a system Custodia cannot reach), with what they did.
     *
     * @throws InvalidInputException naming {@code note} when it is blank or longer than 2000 characters, or {@code
     *     task} when the task is not a manual one waiting to be done
     * @throws NotFoundException when there is no such request or task in the caller's scope
     */
    @PreAuthorize(MANAGERS)
    public RequestView completeManualTask(UUID id, UUID taskId, String note) {
        String what = note.strip();
        if (what.isEmpty() || what.length() > 2000) {
            throw InvalidInputException.of("note", "say what was done, at most 2000 characters");
        }
        RequestStore.Row row = visible(id);
        requireTask(id, taskId);
        String actor = staff.actor();
        transactions.executeWithoutResult(status -> {
            store.lock(id);
            if (!queue.answered(taskId, 0, what, null)) {
                throw InvalidInputException.of("task", "the task is not a manual task waiting to be done");
            }
            store.event(id, "manual_done", actor, what);
            audit.record(
                    actor,
                    "request.task_done",
                    "data_request_task",
                    taskId.toString(),
                    row.entityCode(),
                    Map.of("manual", true));
            signal.wakeAfterCommit();
        });
        return view(id);
    }

    /**
     * Tries a failed task again from its first attempt.
     *
     * @throws InvalidInputException naming {@code task} when it has not failed
     * @throws NotFoundException when there is no such request or task in the caller's scope
     */
    @PreAuthorize(MANAGERS)
    public RequestView retryTask(UUID id, UUID taskId) {
        RequestStore.Row row = visible(id);
        requireTask(id, taskId);
        String actor = staff.actor();
        transactions.executeWithoutResult(status -> {
            if (!queue.reopen(taskId)) {
                throw InvalidInputException.of("task", "only a failed task can be tried again");
            }
            store.event(id, "task_reopened", actor, null);
            audit.record(
                    actor, "request.task_reopened", "data_request_task", taskId.toString(), row.entityCode(), Map.of());
            signal.wakeAfterCommit();
        });
        return view(id);
    }

    /**
     * The result package of an access or portability request, as JSON or as an HTML page.
     *
     * @throws NotFoundException when there is no such request in the caller's scope, or no package (not ready yet,
     *     expired and deleted, or the customer erased since)
     */
    @PreAuthorize(FILERS)
    public ResultPackage packageOf(UUID id, ResultPackage.Format format) {
        RequestStore.Row row = visible(id);
        ResultPackage found =
                packages.read(row, format).orElseThrow(() -> new NotFoundException("No package for request " + id));
        // Reading a customer's whole data is on the record, like every access to it.
        String actor = staff.actor();
        transactions.executeWithoutResult(status -> audit.record(
                actor,
                "request.package_read",
                "data_request",
                id.toString(),
                row.entityCode(),
                Map.of("format", format.name().toLowerCase(java.util.Locale.ROOT))));
        return found;
    }

    /** The customer's own requests, newest first. */
    public List<RequestView> customerRequests(SignedInCustomer customer) {
        return store.ofSubject(customer.entityCode(), customer.subjectId()).stream()
                .map(row -> view(row.id()))
                .toList();
    }

    /**
     * One of the customer's own requests.
     *
     * @throws NotFoundException when it is not theirs
     */
    public RequestView customerRequest(SignedInCustomer customer, UUID id) {
        return view(customerRow(customer, id).id());
    }

    /**
     * The package of one of the customer's own requests.
     *
     * @throws NotFoundException when it is not theirs or has no package
     */
    public ResultPackage customerPackage(SignedInCustomer customer, UUID id, ResultPackage.Format format) {
        return packages.read(customerRow(customer, id), format)
                .orElseThrow(() -> new NotFoundException("No package for request " + id));
    }

    /** The entity's legal clock, for pages that show days left. */
    public LegalClock legalClock(String entityCode) {
        return entities.legalClock(
                entities.find(entityCode).orElseThrow(() -> new NotFoundException("No entity " + entityCode)));
    }

    private RequestStore.Row customerRow(SignedInCustomer customer, UUID id) {
        return store.find(id)
                .filter(row -> customer.entityCode().equals(row.entityCode())
                        && customer.subjectId().equals(row.subjectId()))
                .orElseThrow(() -> new NotFoundException("No request " + id));
    }

    private RequestStore.Row visible(UUID id) {
        return store.find(id)
                .filter(row -> staff.scope().includes(row.entityCode()))
                .orElseThrow(() -> new NotFoundException("No request " + id));
    }

    private void requireTask(UUID id, UUID taskId) {
        if (queue.tasks(id).stream().noneMatch(task -> task.id().equals(taskId))) {
            throw new NotFoundException("No task " + taskId);
        }
    }

    /** Creates the request's tasks: one per connected system, then the ones that finish it. */
    private void plan(UUID id, String entityCode, RequestType type) {
        String step =
                switch (type) {
                    case ACCESS, PORTABILITY -> "collect";
                    case ERASURE -> "erase";
                    case RECTIFICATION -> "rectify";
                    case RESTRICTION -> "restrict";
                    case OBJECTION -> null;
                };
        List<TaskQueue.NewTask> tasks = new ArrayList<>();
        if (step != null) {
            for (SystemTarget system : connectors.systems(entityCode)) {
                boolean manual = system.type() == SystemType.MANUAL;
                tasks.add(new TaskQueue.NewTask(
                        1, step, system.id(), system.key(), system.name(), manual, system.instructions()));
                if (manual) {
                    store.event(id, "manual_task", ACTOR, system.name());
                }
            }
        }
        switch (type) {
            case ACCESS, PORTABILITY -> tasks.add(custodia(2, "package"));
            case ERASURE -> {
                tasks.add(custodia(2, "notify"));
                tasks.add(custodia(3, "shred"));
            }
            case RECTIFICATION -> tasks.add(custodia(2, "notify"));
            case RESTRICTION -> {
                tasks.add(custodia(2, "flag"));
                tasks.add(custodia(2, "notify"));
            }
            case OBJECTION -> tasks.add(custodia(2, "object"));
        }
        queue.create(id, tasks);
        store.event(id, "planned", ACTOR, tasks.size() + " tasks");
        signal.wakeAfterCommit();
    }

    private static TaskQueue.NewTask custodia(int stage, String step) {
        return new TaskQueue.NewTask(stage, step, null, TaskQueue.CUSTODIA, "Custodia", false, null);
    }

    private RequestView view(UUID id) {
        RequestStore.Row row = store.find(id).orElseThrow(() -> new NotFoundException("No request " + id));
        GroupEntity group = entities.find(row.entityCode()).orElseThrow();
        Optional<Instant> packageExpiry = packages.expiry(id);
        return new RequestView(
                row.id(),
                row.entityCode(),
                row.type().key(),
                row.status(),
                row.channel(),
                row.agent(),
                row.language(),
                row.receivedAt(),
                row.dueOn(),
                new DueDate(row.dueOn(), group.timeZone()).endOfDay(),
                row.extendedReason(),
                row.extendedAt(),
                row.verifiedAt(),
                row.completedAt(),
                packageExpiry.map(at -> "/api/v1/requests/" + id + "/package").orElse(null),
                packageExpiry.orElse(null),
                queue.tasks(id),
                store.timeline(id));
    }

    private Map<String, String> values(
            @Nullable RequestType type, @Nullable Map<String, String> values, List<FieldError> errors) {
        if (type != RequestType.RECTIFICATION) {
            return Map.of();
        }
        if (values == null || values.isEmpty()) {
            errors.add(new FieldError("values", "a rectification gives the new value of at least one data category"));
            return Map.of();
        }
        Map<String, String> checked = new LinkedHashMap<>();
        values.forEach((category, value) -> {
            if (!category.matches("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*") || category.length() > 200) {
                errors.add(new FieldError("values", "not a data category key: " + category));
            } else if (value == null || value.isBlank() || value.length() > 1000) {
                errors.add(new FieldError("values." + category, "give the new value, at most 1000 characters"));
            } else {
                checked.put(category, value.strip());
            }
        });
        return checked;
    }

    private Optional<String> emailOf(UUID subjectId) {
        return subjects.identifiers(subjectId).stream()
                .filter(identifier -> identifier.scheme() == IdentifierScheme.EMAIL)
                .map(SubjectIdentifier::value)
                .findFirst();
    }

    private SignInMessage codeMessage(Intake intake, String code) {
        Locale locale = Locale.forLanguageTag(intake.language());
        String type = messages.getMessage("requests.type." + intake.type().key(), null, locale);
        long minutes = PrivacyCenter.CODE_VALIDITY.toMinutes();
        return new SignInMessage(
                intake.identifier().value(),
                messages.getMessage(
                        "requests.mail.code.subject",
                        new Object[] {code, intake.group().name()},
                        locale),
                messages.getMessage(
                        "requests.mail.code.text",
                        new Object[] {code, intake.group().name(), type, minutes},
                        locale));
    }

    private SignInMessage extensionMessage(
            RequestStore.Row row, GroupEntity group, String address, LocalDate extended, String reason) {
        Locale locale = Locale.forLanguageTag(row.language());
        String type = messages.getMessage("requests.type." + row.type().key(), null, locale);
        return new SignInMessage(
                address,
                messages.getMessage("requests.mail.extended.subject", new Object[] {group.name()}, locale),
                messages.getMessage(
                        "requests.mail.extended.text",
                        new Object[] {type, group.name(), extended.toString(), reason},
                        locale));
    }

    private static <T> @Nullable T missing(List<FieldError> errors, String field, String message) {
        errors.add(new FieldError(field, message));
        return null;
    }
}
