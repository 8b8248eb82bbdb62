package io.custodia.server.consent;

import io.custodia.core.audit.AuditChain;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.consent.ConsentAction;
import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.consent.ConsentFold;
import io.custodia.core.consent.ConsentState;
import io.custodia.core.consent.NoticeVersions;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.changes.Changes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes one event with its audit entry and its change, in the caller's transaction.
 *
 * <p>Writers of one customer take turns: before it reads anything of the customer's, a writer takes the customer's
 * lock (a PostgreSQL advisory lock on the subject id, held until its transaction ends). So the events it folds to
 * compute the new state are every event of that customer committed before it, and the state it appends to the
 * changes log is the state after every earlier commit. Writers of different customers share nothing and commit in
 * parallel, which lets PostgreSQL flush their commits together. Then it takes the ledger table's ROW EXCLUSIVE lock,
 * which every insert takes anyway, before reading: a bulk import holds the table in SHARE ROW EXCLUSIVE mode while it
 * folds and until it commits, so a writer's fold never misses an import's events. An idempotency key taken by a concurrent request
 * shows up here as a failed insert ({@link KeyTaken}) rather than as two events, whichever customers the two
 * requests name, since the key is unique per entity: the request is then retried and finds the first event.
 */
@Component
class LedgerWriter {
    /** The first half of the ledger's advisory lock keys, so that they cannot collide with other features' locks. */
    private static final int LOCK_SPACE = 0x636f6e73; // "cons"

    private final StoredEvents events;
    private final AuditTrail audit;
    private final Changes changes;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    LedgerWriter(
            StoredEvents events, AuditTrail audit, Changes changes, JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.events = events;
        this.audit = audit;
        this.changes = changes;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Writes the event and answers with the customer's new state for the purpose.
     *
     * @param auditActor the actor the audit log names
     * @param auditAction the audit action, such as {@code consent.recorded}
     * @throws KeyTaken when a concurrent request recorded an event under the same idempotency key first
     */
    @Transactional(propagation = Propagation.MANDATORY)
    RecordedConsent write(Draft draft, NoticeVersions notices, String auditActor, String auditAction) {
        ConsentEvent event = draft.event();
        lock(List.of(event.subjectId()));
        audit.record(
                auditActor, auditAction, "consent_event", event.eventId().toString(), draft.entityCode(), audit(draft));

        // A grant the device says was made before a choice Custodia already recorded is late news: the customer
        // has chosen since. It is kept as evidence but does not count, so it cannot undo the newer choice. Only
        // grants are set aside this way; a late refusal, withdrawal or objection still counts, erring towards the
        // customer.
        boolean superseded = false;
        Instant madeAt = event.clientTime();
        if (event.action() == ConsentAction.GRANTED && madeAt != null) {
            Optional<Instant> last = events.lastRecorded(event.subjectId(), event.purpose());
            superseded = last.isPresent() && madeAt.isBefore(last.get());
        }
        List<ConsentEvent> foldable = new ArrayList<>(events.foldable(event.subjectId(), event.purpose()));
        if (!superseded) {
            foldable.add(event);
        }
        // Folded as of now, and never before an event already in the ledger, so that the state includes them all.
        Instant at = now();
        for (ConsentEvent recorded : foldable) {
            if (recorded.serverTime().isAfter(at)) {
                at = recorded.serverTime();
            }
        }
        ConsentState state = ConsentFold.fold(foldable, draft.purpose().policy(), notices, at);
        PurposeState purposeState = PurposeState.of(event.purpose(), state);
        RecordedConsent result = new RecordedConsent(
                event.eventId(), ConsentLedger.receiptPath(event.eventId()), purposeState, superseded, false);

        boolean appended = events.append(stored(draft, superseded, result));
        if (!appended) {
            throw new KeyTaken();
        }
        Instant since = purposeState.since();
        changes.append(new ConsentChanged(
                event.subjectId(),
                draft.entityCode(),
                event.purpose().value(),
                purposeState.status(),
                since == null ? event.serverTime() : since,
                purposeState.expiresAt()));
        return result;
    }

    /** One event of {@link #writeAll}, with what writing it needs. */
    record Pending(Draft draft, NoticeVersions notices, String auditActor, String auditAction) {}

    /**
     * Writes several events with their audit entries and changes, a few statements for them all, and answers with
     * each customer's new state for the purpose, in order. The caller holds every customer's lock ({@link #lock}).
     * Each event is folded as {@link #write} folds it, with the events before it in the list counted as recorded.
     *
     * @throws KeyTaken when a concurrent request recorded an event under one of the idempotency keys first; the
     *     caller's transaction must then be rolled back
     */
    @Transactional(propagation = Propagation.MANDATORY)
    List<RecordedConsent> writeAll(List<Pending> pending) {
        Set<StoredEvents.SubjectPurpose> pairs = new LinkedHashSet<>();
        for (Pending one : pending) {
            ConsentEvent event = one.draft().event();
            pairs.add(new StoredEvents.SubjectPurpose(event.subjectId(), event.purpose()));
        }
        Map<StoredEvents.SubjectPurpose, StoredEvents.FoldState> before = events.foldStates(pairs);
        Map<StoredEvents.SubjectPurpose, List<ConsentEvent>> foldedHere = new HashMap<>();
        Map<StoredEvents.SubjectPurpose, Instant> recordedHere = new HashMap<>();
        List<RecordedConsent> results = new ArrayList<>(pending.size());
        List<AuditTrail.Entry> entries = new ArrayList<>(pending.size());
        List<StoredEvent> rows = new ArrayList<>(pending.size());
        List<ConsentChanged> changed = new ArrayList<>(pending.size());
        for (Pending one : pending) {
            Draft draft = one.draft();
            ConsentEvent event = draft.event();
            StoredEvents.SubjectPurpose pair = new StoredEvents.SubjectPurpose(event.subjectId(), event.purpose());
            StoredEvents.FoldState earlier = before.getOrDefault(pair, StoredEvents.FoldState.EMPTY);
            List<ConsentEvent> written = foldedHere.computeIfAbsent(pair, key -> new ArrayList<>());

            // Late news, as in write: a grant made before a choice already recorded does not count.
            boolean superseded = false;
            Instant madeAt = event.clientTime();
            if (event.action() == ConsentAction.GRANTED && madeAt != null) {
                Instant last = latest(earlier.lastRecorded(), recordedHere.get(pair));
                superseded = last != null && madeAt.isBefore(last);
            }
            List<ConsentEvent> foldable = new ArrayList<>(earlier.foldable());
            foldable.addAll(written);
            if (!superseded) {
                foldable.add(event);
            }
            Instant at = now();
            for (ConsentEvent recorded : foldable) {
                if (recorded.serverTime().isAfter(at)) {
                    at = recorded.serverTime();
                }
            }
            ConsentState state = ConsentFold.fold(foldable, draft.purpose().policy(), one.notices(), at);
            PurposeState purposeState = PurposeState.of(event.purpose(), state);
            RecordedConsent result = new RecordedConsent(
                    event.eventId(), ConsentLedger.receiptPath(event.eventId()), purposeState, superseded, false);
            results.add(result);

            entries.add(new AuditTrail.Entry(
                    one.auditActor(),
                    one.auditAction(),
                    "consent_event",
                    event.eventId().toString(),
                    draft.entityCode(),
                    audit(draft)));
            rows.add(stored(draft, superseded, result));
            Instant since = purposeState.since();
            changed.add(new ConsentChanged(
                    event.subjectId(),
                    draft.entityCode(),
                    event.purpose().value(),
                    purposeState.status(),
                    since == null ? event.serverTime() : since,
                    purposeState.expiresAt()));
            if (!superseded) {
                written.add(event);
            }
            recordedHere.merge(pair, event.serverTime(), LedgerWriter::later);
        }
        audit.recordAll(entries);
        if (events.appendAll(rows).size() != rows.size()) {
            throw new KeyTaken();
        }
        changes.appendAll(changed);
        return results;
    }

    private static Instant later(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    private static @Nullable Instant latest(@Nullable Instant one, @Nullable Instant other) {
        if (one == null) {
            return other;
        }
        return other == null || one.isAfter(other) ? one : other;
    }

    private StoredEvent stored(Draft draft, boolean superseded, RecordedConsent result) {
        return new StoredEvent(
                draft.event(),
                draft.entityCode(),
                draft.noticeKey(),
                draft.language(),
                draft.context(),
                draft.actorName(),
                draft.requestDigest(),
                draft.gpc(),
                draft.gpcSignalId(),
                superseded,
                json.writeValueAsString(result.stored()),
                null,
                draft.receiptDocument());
    }

    /**
     * Makes the caller's transaction the only writer of these customers until it ends. A transaction that writes
     * for several customers takes all their locks first, in the order of their keys, so that two of them naming the
     * same customers cannot deadlock. Taking a lock the transaction holds already is free.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void lock(Collection<UUID> subjectIds) {
        Integer[] keys = subjectIds.stream()
                .map(LedgerWriter::lockKey)
                .distinct()
                .sorted()
                .toArray(Integer[]::new);
        if (keys.length == 1) {
            jdbc.sql("select pg_advisory_xact_lock(?, ?)")
                    .params(LOCK_SPACE, keys[0])
                    .query((rs, row) -> row)
                    .single();
        } else if (keys.length > 1) {
            // One statement for them all, taken in key order: the aggregate reads the sorted keys one by one.
            jdbc.sql("select count(pg_advisory_xact_lock(?, k)) from (select unnest(?::int[]) as k order by k) keys")
                    .params(LOCK_SPACE, keys)
                    .query((rs, row) -> row)
                    .single();
        }
        // The lock an insert takes anyway, taken before the fold reads: a bulk import that is folding (it holds the
        // table in SHARE ROW EXCLUSIVE mode) is waited for, so that this fold includes its events.
        jdbc.sql("lock table consent_event in row exclusive mode").update();
    }

    /** A customer's lock key; two customers may share one, which only makes them take turns. */
    private static int lockKey(UUID subjectId) {
        return subjectId.hashCode();
    }

    /**
     * The audit entry's payload: what identifies the event, and the digest of its receipt's document, which fixes
     * every field the receipt will state when it is signed.
     */
    private static Map<String, Object> audit(Draft draft) {
        ConsentEvent event = draft.event();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("eventId", event.eventId().toString());
        payload.put("subjectId", event.subjectId().toString());
        payload.put("purpose", event.purpose().value());
        payload.put("action", event.action().key());
        payload.put("noticeVersion", event.noticeVersion());
        payload.put("noticeHash", event.noticeHash());
        payload.put("channel", event.channel().key());
        payload.put("serverTime", event.serverTime().toString());
        payload.put("idempotencyKey", event.idempotencyKey());
        payload.put("requestDigest", draft.requestDigest());
        payload.put(
                "receiptDocumentSha256",
                AuditChain.sha256Hex(draft.receiptDocument().getBytes(StandardCharsets.UTF_8)));
        return payload;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A concurrent request recorded an event under the same idempotency key first; retrying finds it. */
    static final class KeyTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeyTaken() {
            super("The idempotency key was taken by a concurrent request", null, false, false);
        }
    }
}
