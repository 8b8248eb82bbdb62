package io.custodia.server.requests;

import io.custodia.core.InvalidInputException;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.connectors.CollectedRecords;
import io.custodia.server.connectors.ConnectorFailedException;
import io.custodia.server.connectors.Connectors;
import io.custodia.server.connectors.Identities;
import io.custodia.server.connectors.StepOutcome;
import io.custodia.server.connectors.StepStatus;
import io.custodia.server.connectors.SystemAnswered;
import io.custodia.server.connectors.SystemTarget;
import io.custodia.server.consent.ConsentLedger;
import io.custodia.server.consent.ConsentRequest;
import io.custodia.server.consent.Origin;
import io.custodia.server.consent.PurposeChoice;
import io.custodia.server.identity.Staff;
import io.custodia.server.notices.PublishedNotice;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs one claimed task of a request: the step in the company's system through the connectors, or the step Custodia
 * does itself (the package, the restriction flag, the objection, the crypto-shredding), then records its outcome.
 *
 * <p>What a step found is sealed under the customer's key and stored in the same transaction that marks the task
 * done, and the steps Custodia does itself run inside that transaction: a crash before the commit leaves the task to
 * be claimed again and nothing half-done; a crash after it leaves nothing to redo. Unreachable systems are retried
 * with back-off ({@link TaskQueue#retry}); a permanent failure leaves the task failed for a person to look at.
 */
@Component
class TaskRunner {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final TaskQueue queue;
    private final RequestStore store;
    private final Packages packages;
    private final Connectors connectors;
    private final Subjects subjects;
    private final ConsentLedger ledger;
    private final Staff staff;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    /** For a system's late answer, heard after the callback's transaction committed: a transaction of its own. */
    private final TransactionTemplate answers;

    private final ObjectMapper json;
    private final RectificationValues values;

    @SuppressWarnings("TooManyParameters") // a task reaches every feature a request acts on
    TaskRunner(
            TaskQueue queue,
            RequestStore store,
            Packages packages,
            Connectors connectors,
            Subjects subjects,
            ConsentLedger ledger,
            Staff staff,
            AuditTrail audit,
            TransactionTemplate transactions,
            ObjectMapper json,
            RectificationValues values) {
        this.queue = queue;
        this.store = store;
        this.packages = packages;
        this.connectors = connectors;
        this.subjects = subjects;
        this.ledger = ledger;
        this.staff = staff;
        this.audit = audit;
        this.transactions = transactions;
        this.answers = new TransactionTemplate(Objects.requireNonNull(transactions.getTransactionManager()));
        this.answers.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.values = values;
    }

    /** Runs the task and records its outcome; never throws for a failure of the step itself. */
    void run(TaskQueue.Claimed task) {
        RequestStore.Row request = store.find(task.requestId()).orElseThrow();
        try {
            switch (task.step()) {
                case "collect", "erase", "rectify", "restrict" -> runInSystem(task, request);
                case "notify" -> {
                    List<String> told = connectors.notifyRecipients(
                            request.entityCode(),
                            request.id().toString(),
                            request.type().key(),
                            identities(request));
                    finish(
                            task,
                            request,
                            told.size(),
                            told.isEmpty() ? "no recipient to tell" : "told " + String.join(", ", told),
                            null,
                            () -> {});
                }
                case "package" -> finish(task, request, 0, null, null, () -> packages.build(request));
                case "flag" ->
                    finish(task, request, 0, null, null, () -> {
                        subjects.restrict(DataRequests.ACTOR, subjectOf(request), true);
                        store.event(request.id(), "restricted", DataRequests.ACTOR, null);
                    });
                case "object" -> finish(task, request, 0, null, null, () -> object(request));
                case "shred" ->
                    finish(task, request, 0, null, null, () -> {
                        subjects.shred(DataRequests.ACTOR, subjectOf(request));
                        store.event(request.id(), "erased", DataRequests.ACTOR, null);
                    });
                default -> throw new ConnectorFailedException("Unknown step " + task.step());
            }
        } catch (ConnectorFailedException | IllegalArgumentException | InvalidInputException e) {
            failed(task, request, e);
        } catch (RuntimeException e) {
            retry(task, request, e);
        }
    }

    private void runInSystem(TaskQueue.Claimed task, RequestStore.Row request) {
        SystemTarget system = connectors.systems(request.entityCode()).stream()
                .filter(target -> target.key().equals(task.systemKey()))
                .findFirst()
                .orElseThrow(() -> new ConnectorFailedException("The system is no longer registered"));
        Identities who = identities(request);
        String requestId = request.id().toString();
        StepOutcome outcome =
                switch (task.step()) {
                    case "collect" -> connectors.collect(system, who, requestId);
                    case "erase" -> connectors.erase(system, who, requestId);
                    case "rectify" -> connectors.rectify(system, who, values.of(request), requestId);
                    default -> connectors.restrict(system, who, requestId);
                };
        if (outcome.status() == StepStatus.PENDING) {
            transactions.executeWithoutResult(status -> {
                store.lock(request.id());
                if (queue.waiting(task, outcome.detail())) {
                    store.event(request.id(), "task_waiting", DataRequests.ACTOR, describe(task, outcome.detail()));
                }
            });
            return;
        }
        finish(task, request, outcome.rowsChanged(), outcome.detail(), outcome.records(), () -> {});
    }

    /**
     * Records a system's late answer to a step it had accepted (an HTTP system calling back), as if the step had just
     * finished; an answer for no waiting task is ignored.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onSystemAnswered(SystemAnswered answer) {
        UUID requestId;
        try {
            requestId = UUID.fromString(answer.requestId());
        } catch (IllegalArgumentException e) {
            return;
        }
        Optional<RequestStore.Row> found =
                store.find(requestId).filter(row -> row.entityCode().equals(answer.entity()));
        if (found.isEmpty()) {
            return;
        }
        RequestStore.Row request = found.get();
        Optional<UUID> waiting = queue.waitingFor(requestId, answer.system(), answer.step());
        if (waiting.isEmpty()) {
            return;
        }
        // Heard after the callback's transaction committed, whose resources are still bound to this thread: a joined
        // transaction would not be one.
        answers.executeWithoutResult(status -> {
            store.lock(requestId);
            long rows = countRows(answer.records());
            if (queue.answered(waiting.get(), rows, answer.detail(), seal(request, answer.records()))) {
                store.event(
                        requestId,
                        "task_done",
                        "system:" + answer.system(),
                        answer.step() + " in " + answer.system() + " (answered later)");
                audit.record(
                        DataRequests.ACTOR,
                        "request.task_done",
                        "data_request_task",
                        waiting.get().toString(),
                        request.entityCode(),
                        Map.of("step", answer.step(), "system", answer.system()));
                completeIfDone(request);
            }
        });
    }

    private static long countRows(@Nullable CollectedRecords records) {
        return records == null
                ? 0
                : records.collections().stream()
                        .mapToLong(collection -> collection.rows().size())
                        .sum();
    }

    /** Marks the task done with what it found, running {@code local} in the same transaction. */
    private void finish(
            TaskQueue.Claimed task,
            RequestStore.Row request,
            long rowsChanged,
            @Nullable String detail,
            @Nullable CollectedRecords records,
            Runnable local) {
        transactions.executeWithoutResult(status -> {
            store.lock(request.id());
            if (!queue.done(task, rowsChanged, detail, seal(request, records))) {
                // Another worker claimed the task after this one's lease ran out; its outcome counts.
                status.setRollbackOnly();
                return;
            }
            local.run();
            store.event(request.id(), "task_done", DataRequests.ACTOR, describe(task, rowsChanged, records));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("step", task.step());
            payload.put("system", task.systemKey());
            payload.put("rowsChanged", rowsChanged);
            payload.put("attempt", task.attempt());
            audit.record(
                    DataRequests.ACTOR,
                    "request.task_done",
                    "data_request_task",
                    task.id().toString(),
                    request.entityCode(),
                    payload);
            completeIfDone(request);
        });
    }

    private void completeIfDone(RequestStore.Row request) {
        if (queue.allDone(request.id())) {
            store.setStatus(request.id(), "completed");
            store.event(request.id(), "completed", DataRequests.ACTOR, null);
            audit.record(
                    DataRequests.ACTOR,
                    "request.completed",
                    "data_request",
                    request.id().toString(),
                    request.entityCode(),
                    Map.of("type", request.type().key()));
        }
    }

    private void retry(TaskQueue.Claimed task, RequestStore.Row request, RuntimeException e) {
        String detail = failure(e);
        transactions.executeWithoutResult(status -> {
            store.lock(request.id());
            Optional<Instant> next = queue.retry(task, detail);
            if (next.isPresent()) {
                store.event(
                        request.id(),
                        "task_retry",
                        DataRequests.ACTOR,
                        describe(task, detail) + "; next at " + next.get());
            } else {
                failedEvent(task, request, detail);
            }
        });
    }

    private void failed(TaskQueue.Claimed task, RequestStore.Row request, RuntimeException e) {
        String detail = failure(e);
        transactions.executeWithoutResult(status -> {
            store.lock(request.id());
            if (queue.fail(task, detail)) {
                failedEvent(task, request, detail);
            }
        });
    }

    private void failedEvent(TaskQueue.Claimed task, RequestStore.Row request, String detail) {
        store.event(request.id(), "task_failed", DataRequests.ACTOR, describe(task, detail));
        audit.record(
                DataRequests.ACTOR,
                "request.task_failed",
                "data_request_task",
                task.id().toString(),
                request.entityCode(),
                Map.of("step", task.step(), "system", task.systemKey()));
    }

    /** A failure's description for the DPO: its type and message, which carry no personal data by convention. */
    private static String failure(RuntimeException e) {
        if (!(e instanceof io.custodia.core.CustodiaException) && !(e instanceof IllegalArgumentException)) {
            log.warn("A request task failed unexpectedly", e);
        }
        String message = Objects.requireNonNullElse(e.getMessage(), "");
        if (e instanceof InvalidInputException invalid) {
            message += invalid.errors().stream()
                    .map(error -> " " + error.field() + ": " + error.message())
                    .collect(java.util.stream.Collectors.joining(";"));
        }
        return e.getClass().getSimpleName() + ": " + message;
    }

    private static String describe(TaskQueue.Claimed task, @Nullable String detail) {
        return task.step() + " in " + task.systemKey() + (detail == null ? "" : ": " + detail);
    }

    private static String describe(TaskQueue.Claimed task, long rowsChanged, @Nullable CollectedRecords records) {
        return switch (task.step()) {
            case "collect" -> task.step() + " in " + task.systemKey() + ": " + countRows(records) + " records";
            case "erase", "rectify" -> task.step() + " in " + task.systemKey() + ": " + rowsChanged + " rows changed";
            default -> task.step() + " in " + task.systemKey();
        };
    }

    private @Nullable String seal(RequestStore.Row request, @Nullable CollectedRecords records) {
        return records == null ? null : subjects.seal(subjectOf(request), json.writeValueAsString(records));
    }

    private static UUID subjectOf(RequestStore.Row request) {
        return Objects.requireNonNull(request.subjectId(), "a request at work has a verified subject");
    }

    /** The customer's identifiers, by scheme, as the connectors look for them. */
    private Identities identities(RequestStore.Row request) {
        Map<String, List<String>> byScheme = new LinkedHashMap<>();
        for (SubjectIdentifier identifier : subjects.identifiers(subjectOf(request))) {
            byScheme.computeIfAbsent(identifier.scheme().key(), scheme -> new ArrayList<>())
                    .add(identifier.value());
        }
        return new Identities(byScheme);
    }

    /**
     * Records an objection for every purpose the customer may object to (legitimate interest or public task), as
     * the customer's own choice in the consent ledger, which the decision engine then enforces.
     */
    private void object(RequestStore.Row request) {
        UUID subjectId = subjectOf(request);
        List<SubjectIdentifier> identifiers = subjects.identifiers(subjectId);
        if (identifiers.isEmpty()) {
            return;
        }
        SubjectIdentifier named = identifiers.get(0);
        List<PurposeChoice> purposes = staff.asSystem(
                DataRequests.ACTOR,
                () -> ledger.purposes(request.entityCode(), request.language().toLowerCase(Locale.ROOT)));
        List<String> objected = new ArrayList<>();
        List<String> withoutNotice = new ArrayList<>();
        for (PurposeChoice purpose : purposes) {
            if (!purpose.actions().contains("objected")) {
                continue;
            }
            PublishedNotice notice = purpose.notice();
            if (notice == null) {
                // The ledger proves every choice against the notice that was shown; with none published, the
                // objection cannot be recorded there, and the DPO sees it on the timeline.
                withoutNotice.add(purpose.purpose());
                continue;
            }
            ConsentRequest objection = new ConsentRequest(
                    new ConsentRequest.Subject(named.scheme().key(), named.value()),
                    request.entityCode(),
                    purpose.purpose(),
                    "objected",
                    notice.version(),
                    "api",
                    new ConsentRequest.Context("data-subject request " + request.id(), null, null),
                    null,
                    null,
                    null,
                    null,
                    "request-" + request.id() + "-" + purpose.purpose(),
                    null);
            ledger.recordForCustomer(
                    subjectId,
                    objection,
                    new Origin("data-subject request", false, "", List.of(Locale.forLanguageTag(request.language()))));
            objected.add(purpose.purpose());
        }
        store.event(
                request.id(),
                "objected",
                DataRequests.ACTOR,
                (objected.isEmpty() ? "no purpose to object to" : String.join(", ", objected))
                        + (withoutNotice.isEmpty()
                                ? ""
                                : "; not recorded, no published notice: " + String.join(", ", withoutNotice)));
    }
}
