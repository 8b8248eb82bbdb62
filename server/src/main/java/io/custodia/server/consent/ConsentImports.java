package io.custodia.server.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.consent.ConsentAction;
import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.consent.ConsentFold;
import io.custodia.core.consent.ConsentState;
import io.custodia.core.consent.NoticeVersions;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.changes.Changes;
import io.custodia.server.platform.CopyRows;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Imports a file of consents collected elsewhere into one entity's ledger, all or nothing, in one transaction.
 *
 * <p>See the essay inside the class for the order of the work and the locks.
 */
@Component
class ConsentImports {

    /*
     * How an import runs.
     *
     * The file is read while it is received, in batches of lines. A reader thread checks each line with the same
     * rules as a request to the API (Choices, with the entity's context and notices read once) and hands the checked batches
     * to the request's thread, which holds the transaction and writes them, so checking and writing overlap. For
     * each batch, the customers it names are
     * found with one query, and the new ones registered with COPY (Subjects.findOrRegisterAll); then the batch's
     * events are copied into consent_event. A bad line stops the writing but not the reading, so that one pass
     * reports every bad line (the first MAX_ERRORS of them); the transaction is then rolled back and nothing is kept.
     *
     * Order. Imported events are recorded in file order: each gets a server time one microsecond after the line
     * before it (or the clock, when later), so the fold reads a customer's lines in the order the file gives them.
     * A grant whose client time is before a choice the ledger already held before the import is late news and is
     * kept as evidence only (superseded), as for the API; lines of the file do not supersede each other, since
     * their client times come from another system's history.
     *
     * Locks. Imports take turns (a transaction-level advisory lock), so two imports never wait on each other's
     * rows. Live writers are not held up while the file streams in: they take their customer's advisory lock, then
     * the ledger table's ROW EXCLUSIVE lock (as any insert does, but before they read their fold), which the
     * import's COPY does not block. Once the whole file is read, the import writes its audit entry and locks
     * consent_event in SHARE ROW EXCLUSIVE mode: it waits for the live writers already past their table lock to
     * commit, and lets no other one read its fold until the import commits. Only then does it read the events the
     * ledger already holds for the customers of the file and fold their states: every event committed before is in
     * the fold, no event can commit between the fold and the import's commit, and a live writer that waited folds
     * with the import's events. The import holds no customer's advisory lock, so there is no cycle. Live writes of
     * every entity wait for that last phase only.
     *
     * Idempotency. The file's SHA-256 is known once it is read. When the entity has imported the same bytes
     * before, the transaction is rolled back and the first import's summary is the answer. Lines without an
     * idempotency key get one made of the import's id and the line number; a line's own key that the ledger
     * already holds for the same choice is skipped, and for another choice is a bad line.
     */

    private static final Logger log = LoggerFactory.getLogger(ConsentImports.class);

    /** The most errors a refused file's answer lists. */
    static final int MAX_ERRORS = 100;

    private static final int BATCH = 20_000;
    private static final int READ_CHUNK = 5_000;
    // Any constant: the key of the advisory lock imports take turns on.
    private static final long IMPORT_LOCK = 0x4375_7374_496d_7074L;
    private static final String EVENT_COLUMNS = """
            consent_event (id, entity_code, subject_id, purpose, data_categories, recipient, action, notice_key,
            notice_version, notice_hash, language, channel, context, client_time, server_time, actor_type, actor_id,
            actor_name, idempotency_key, request_digest, gpc, superseded, import_id)""";

    private final Choices choices;
    private final StoredEvents events;
    private final Subjects subjects;
    private final AuditTrail audit;
    private final Changes changes;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final Clock clock;

    @SuppressWarnings("TooManyParameters") // the import ties the ledger's parts to the features it writes through
    ConsentImports(
            Choices choices,
            StoredEvents events,
            Subjects subjects,
            AuditTrail audit,
            Changes changes,
            JdbcClient jdbc,
            DataSource dataSource,
            TransactionTemplate transactions,
            ObjectMapper json,
            Clock clock) {
        this.choices = choices;
        this.events = events;
        this.subjects = subjects;
        this.audit = audit;
        this.changes = changes;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Imports a file.
     *
     * @param auditActor the actor the audit log names
     * @param body the file's bytes, UTF-8; read to the end
     * @throws InvalidInputException naming each bad line as {@code line N: field}; nothing is stored
     */
    ImportSummary importFile(
            EntityContext context,
            Recorder caller,
            String auditActor,
            ImportLines.Format format,
            InputStream body,
            List<Locale> languages) {
        Run run = new Run(context, caller, languages, format);
        ImportSummary summary = Objects.requireNonNull(transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(?)")
                    .param(IMPORT_LOCK)
                    .query()
                    .singleValue();
            run.startedAt = System.nanoTime();
            MessageDigest sha256 = sha256();
            DigestInputStream hashed = new DigestInputStream(body, sha256);
            run.readAndWrite(new InputStreamReader(hashed, StandardCharsets.UTF_8));
            run.readAt = System.nanoTime();
            String fileSha256 = HexFormat.of().formatHex(sha256.digest());
            run.finishChecks();

            Optional<ImportSummary> earlier = earlier(context.code(), fileSha256);
            if (earlier.isPresent()) {
                status.setRollbackOnly();
                return earlier.get().asReplayed();
            }
            return run.commit(fileSha256, auditActor);
        }));
        if (!summary.replayed()) {
            log.info(
                    "Imported {} events from {} lines into {} ({} new customers): read and copied in {} ms;"
                            + " then audit entry and lock in {} ms, ledger of {} known customers read in {} ms,"
                            + " {} states folded in {} ms, changes appended in {} ms, row and commit in {} ms",
                    summary.events(),
                    summary.lines(),
                    summary.entity(),
                    summary.subjectsCreated(),
                    millis(run.startedAt, run.readAt),
                    millis(run.readAt, run.lockedAt),
                    run.known.size(),
                    millis(run.lockedAt, run.ledgerReadAt),
                    run.imported.size(),
                    millis(run.ledgerReadAt, run.foldedAt),
                    millis(run.foldedAt, run.appendedAt),
                    millis(run.appendedAt, System.nanoTime()));
        }
        return summary;
    }

    private Optional<ImportSummary> earlier(String entityCode, String fileSha256) {
        return jdbc.sql("""
                        select id, entity_code, file_sha256, format, lines, events, subjects_created,
                               first_event_id, last_event_id, imported_at, audit_seq
                        from consent_import where entity_code = ? and file_sha256 = ?""")
                .params(entityCode, fileSha256)
                .query((rs, row) -> new ImportSummary(
                        rs.getObject("id", UUID.class),
                        rs.getString("entity_code"),
                        rs.getString("file_sha256"),
                        rs.getString("format"),
                        rs.getInt("lines"),
                        rs.getInt("events"),
                        rs.getInt("subjects_created"),
                        rs.getObject("first_event_id", UUID.class),
                        rs.getObject("last_event_id", UUID.class),
                        rs.getObject("imported_at", OffsetDateTime.class).toInstant(),
                        rs.getLong("audit_seq"),
                        false))
                .optional();
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A checked line waiting for its batch to be written. */
    private record Pending(int line, Choice choice, boolean ownKey) {}

    /** A customer's purpose, whose state the import changes. */
    private record FoldKey(UUID subjectId, TermKey purpose) {}

    /** One import's state while the file is read: a reader thread checks lines, the request's thread writes them. */
    private final class Run {
        private final EntityContext context;
        private final Recorder caller;
        private final List<Locale> languages;
        private final ImportLines.Format format;
        private final UUID importId = UUID.randomUUID();
        private final String keyPrefix = "import:" + importId + ":";

        // The reader thread's: the lines it read and checked, and what was wrong with them.
        private List<Pending> reading = new ArrayList<>();
        private final List<FieldError> errors = new ArrayList<>();
        private int badLines;
        private int lines;
        private final Map<String, Integer> ownKeys = new HashMap<>();

        // Between the two threads: checked batches, the end marker, whether to stop writing or reading.
        private final BlockingQueue<List<Pending>> handed = new ArrayBlockingQueue<>(2);
        private final List<Pending> end = new ArrayList<>();
        private volatile boolean refused;
        private volatile boolean cancelled;

        // The writer's (the request's thread, which holds the transaction): the rest.
        private final List<FieldError> keyErrors = new ArrayList<>();
        private int keyConflicts;

        private final Map<SubjectIdentifier, UUID> subjectIds = new HashMap<>();
        private final Set<UUID> known = new LinkedHashSet<>();
        private final Map<UUID, Map<String, Instant>> lastRecorded = new HashMap<>();
        private final Map<FoldKey, List<ConsentEvent>> imported = new LinkedHashMap<>();
        private int created;
        private int recorded;
        private @Nullable UUID firstEventId;
        private @Nullable UUID lastEventId;
        private Instant lastServerTime = Instant.EPOCH;
        private long startedAt;
        private long readAt;
        private long lockedAt;
        private long ledgerReadAt;
        private long foldedAt;
        private long appendedAt;

        Run(EntityContext context, Recorder caller, List<Locale> languages, ImportLines.Format format) {
            this.context = context;
            this.caller = caller;
            this.languages = List.copyOf(languages);
            this.format = format;
        }

        /**
         * Reads and checks the lines on a thread of their own while this thread writes the batches checked before,
         * so that checking and writing overlap. Only this thread touches the transaction's connection.
         */
        void readAndWrite(Reader reader) {
            AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
            Thread worker = new Thread(
                    () -> {
                        try {
                            ImportLines.read(format, reader, context.code(), json, this::accept);
                            handOver();
                        } catch (CancellationException e) {
                            // The writer gave up; it reports why.
                        } catch (RuntimeException | Error e) {
                            failure.set(e);
                        } finally {
                            offer(end);
                        }
                    },
                    "consent-import-reader");
            worker.setDaemon(true);
            worker.start();
            boolean done = false;
            try {
                for (List<Pending> batch = take(); batch != end; batch = take()) {
                    if (!refused) {
                        flush(batch);
                    }
                }
                done = true;
            } finally {
                if (!done) {
                    cancelled = true;
                    handed.clear();
                }
                join(worker);
            }
            Throwable thrown = failure.get();
            if (thrown instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
        }

        private List<Pending> take() {
            try {
                return handed.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while importing", e);
            }
        }

        private void offer(List<Pending> batch) {
            try {
                while (!handed.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    if (cancelled) {
                        throw new CancellationException();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException();
            }
        }

        private void join(Thread worker) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while importing", e);
            }
        }

        /** On the reader thread: one line read. */
        void accept(ImportLines.Line line) {
            if (cancelled) {
                throw new CancellationException();
            }
            lines = Math.max(lines, line.number());
            ConsentRequest request = line.request();
            if (request == null) {
                refuse(line.errors());
                return;
            }
            String field = ImportLines.Line.field(line.number(), "idempotencyKey");
            boolean ownKey = request.idempotencyKey() != null;
            if (ownKey) {
                Integer earlierLine = ownKeys.putIfAbsent(request.idempotencyKey(), line.number());
                if (earlierLine != null) {
                    refuse(List.of(new FieldError(
                            field, "line " + earlierLine + " has the same key: each choice needs its own key")));
                    return;
                }
            } else {
                request = request.withIdempotencyKey(keyPrefix + line.number());
            }
            Choice choice;
            try {
                choice = choices.check(
                        request, context, caller, languages, ImportLines.Line.field(line.number(), ""), field);
            } catch (InvalidInputException e) {
                refuse(e.errors());
                return;
            }
            if (!refused) {
                reading.add(new Pending(line.number(), choice, ownKey));
                if (reading.size() == BATCH) {
                    handOver();
                }
            }
        }

        /** On the reader thread: hands the lines checked so far to the writer. */
        private void handOver() {
            if (!reading.isEmpty() && !refused) {
                offer(reading);
            }
            reading = new ArrayList<>(BATCH);
        }

        /** On the reader thread: a bad line. */
        private void refuse(List<FieldError> lineErrors) {
            badLines++;
            refused = true;
            for (FieldError error : lineErrors) {
                if (errors.size() < MAX_ERRORS) {
                    errors.add(error);
                }
            }
            reading.clear();
        }

        /** On the writer's thread: writes a batch, its new customers first, then its events. */
        private void flush(List<Pending> batch) {
            Set<SubjectIdentifier> unresolved = new LinkedHashSet<>();
            for (Pending pending : batch) {
                if (!subjectIds.containsKey(pending.choice().identifier())) {
                    unresolved.add(pending.choice().identifier());
                }
            }
            if (!unresolved.isEmpty()) {
                Subjects.Resolved resolved = subjects.findOrRegisterAll(context.code(), unresolved);
                subjectIds.putAll(resolved.ids());
                created += resolved.registered().size();
                List<UUID> found = resolved.ids().values().stream()
                        .filter(id -> !resolved.registered().contains(id) && !known.contains(id))
                        .toList();
                known.addAll(found);
                lastRecorded.putAll(events.lastRecorded(found));
            }
            Map<String, StoredEvents.KeyUse> keysInLedger = events.keysInUse(
                    context.code(),
                    batch.stream()
                            .filter(Pending::ownKey)
                            .map(pending -> pending.choice().idempotencyKey())
                            .toList());

            // Keys first: the copy below leaves the connection to nothing else until it ends.
            List<Pending> toWrite = new ArrayList<>(batch.size());
            List<String> digests = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                Choice choice = pending.choice();
                UUID subjectId = Objects.requireNonNull(subjectIds.get(choice.identifier()));
                String digest = ConsentLedger.digest(subjectId, choice, choice.actor());
                StoredEvents.KeyUse inLedger = keysInLedger.get(choice.idempotencyKey());
                if (inLedger != null) {
                    if (!inLedger.requestDigest().equals(digest)) {
                        keyConflicts++;
                        refused = true;
                        keyErrors.add(new FieldError(
                                ImportLines.Line.field(pending.line(), "idempotencyKey"),
                                "event " + inLedger.eventId() + " was recorded under this key for another choice"));
                        continue;
                    }
                    continue; // recorded before, by the API or an earlier import
                }
                toWrite.add(pending);
                digests.add(digest);
            }
            if (refused) {
                return;
            }
            // Device ids are sealed under their customers' keys, read in one query before the copy takes the
            // connection.
            Subjects.Sealer sealer = subjects.sealer(toWrite.stream()
                    .map(Pending::choice)
                    .filter(choice -> choice.where().containsKey("deviceId"))
                    .map(choice -> Objects.requireNonNull(subjectIds.get(choice.identifier())))
                    .collect(Collectors.toSet()));
            CopyRows rows = CopyRows.streaming(dataSource, EVENT_COLUMNS);
            try {
                for (int index = 0; index < toWrite.size(); index++) {
                    write(toWrite.get(index).choice(), digests.get(index), rows, sealer);
                }
                rows.finish();
            } catch (RuntimeException e) {
                rows.cancel();
                throw e;
            }
        }

        private void write(Choice choice, String digest, CopyRows rows, Subjects.Sealer sealer) {
            UUID subjectId = Objects.requireNonNull(subjectIds.get(choice.identifier()));
            Instant serverTime = now();
            if (!serverTime.isAfter(lastServerTime)) {
                serverTime = lastServerTime.plus(1, ChronoUnit.MICROS);
            }
            lastServerTime = serverTime;
            ConsentEvent event = new ConsentEvent(
                    eventId(serverTime),
                    subjectId,
                    choice.purpose().purpose(),
                    choice.scope(),
                    choice.action(),
                    choice.notice().version(),
                    choice.notice().contentHash(),
                    choice.channel(),
                    choice.clientTime(),
                    serverTime,
                    choice.actor(),
                    choice.idempotencyKey());
            boolean superseded = superseded(event);
            if (!superseded) {
                imported.computeIfAbsent(new FoldKey(subjectId, event.purpose()), key -> new ArrayList<>())
                        .add(event);
            }
            rows.uuid(event.eventId())
                    .text(context.code())
                    .uuid(subjectId)
                    .text(event.purpose().value())
                    .textArray(event.scope().dataCategories().stream()
                            .map(TermKey::value)
                            .toList())
                    .text(
                            event.scope().recipient() == null
                                    ? null
                                    : Objects.requireNonNull(event.scope().recipient())
                                            .value())
                    .text(event.action().key())
                    .text(choice.notice().key())
                    .number(event.noticeVersion())
                    .text(event.noticeHash())
                    .text(choice.language())
                    .text(event.channel().key())
                    .text(
                            choice.where().isEmpty()
                                    ? "{}"
                                    : json.writeValueAsString(DeviceIds.sealed(
                                            choice.where(), deviceId -> sealer.seal(subjectId, deviceId))))
                    .instant(event.clientTime())
                    .instant(serverTime)
                    .text(StoredEvent.actorType(event.actor()))
                    .text(StoredEvent.actorId(event.actor()))
                    .text(choice.actorName())
                    .text(event.idempotencyKey())
                    .text(digest)
                    .bool(false)
                    .bool(superseded)
                    .uuid(importId)
                    .endRow();
            if (firstEventId == null) {
                firstEventId = event.eventId();
            }
            lastEventId = event.eventId();
            recorded++;
        }

        /**
         * A time-ordered id (the layout of a UUID version 7): the events of an import go to the right end of the
         * primary key's index instead of to random pages of it.
         */
        private UUID eventId(Instant serverTime) {
            long random = ThreadLocalRandom.current().nextLong();
            long mostSignificant = (serverTime.toEpochMilli() << 16) | 0x7000L | (random & 0x0FFFL);
            long leastSignificant =
                    (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
            return new UUID(mostSignificant, leastSignificant);
        }

        /** A grant made, the device says, before a choice the ledger held before the import. */
        private boolean superseded(ConsentEvent event) {
            Instant madeAt = event.clientTime();
            if (event.action() != ConsentAction.GRANTED || madeAt == null) {
                return false;
            }
            Map<String, Instant> byPurpose = lastRecorded.get(event.subjectId());
            Instant last =
                    byPurpose == null ? null : byPurpose.get(event.purpose().value());
            return last != null && madeAt.isBefore(last);
        }

        /** Refuses the file when a line was bad or none holds a consent. */
        void finishChecks() {
            for (FieldError error : keyErrors) {
                if (errors.size() < MAX_ERRORS) {
                    errors.add(error);
                }
            }
            badLines += keyConflicts;
            if (badLines > 0) {
                String listed = badLines > MAX_ERRORS || errors.size() == MAX_ERRORS
                        ? "; the first " + errors.size() + " errors are listed"
                        : "";
                throw new InvalidInputException(
                        badLines + (badLines == 1 ? " line" : " lines") + " of the file cannot be imported, so"
                                + " nothing was imported" + listed,
                        errors);
            }
            if (recorded == 0 && ownKeys.isEmpty()) {
                throw InvalidInputException.of("file", "holds no consent to import");
            }
        }

        /** The last phase: audit entry, lock, folds and changes, the import's row. */
        ImportSummary commit(String fileSha256, String auditActor) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("importId", importId.toString());
            payload.put("fileSha256", fileSha256);
            payload.put("format", format.key());
            payload.put("lines", lines);
            payload.put("events", recorded);
            payload.put("subjectsCreated", created);
            payload.put("firstEventId", firstEventId == null ? "" : firstEventId.toString());
            payload.put("lastEventId", lastEventId == null ? "" : lastEventId.toString());
            long auditSeq = audit.record(
                    auditActor, "consent.imported", "consent_import", importId.toString(), context.code(), payload);
            jdbc.sql("lock table consent_event in share row exclusive mode").update();
            lockedAt = System.nanoTime();

            NoticeVersions noticeVersions = context.notices().versions();
            Map<FoldKey, List<ConsentEvent>> existing = new HashMap<>();
            List<UUID> knownAffected = known.stream().toList();
            for (int from = 0; from < knownAffected.size(); from += READ_CHUNK) {
                for (ConsentEvent event : events.foldable(
                        knownAffected.subList(from, Math.min(from + READ_CHUNK, knownAffected.size())), importId)) {
                    existing.computeIfAbsent(new FoldKey(event.subjectId(), event.purpose()), key -> new ArrayList<>())
                            .add(event);
                }
            }
            ledgerReadAt = System.nanoTime();
            Instant at = now().isAfter(lastServerTime) ? now() : lastServerTime;
            List<ConsentChanged> changed = new ArrayList<>(imported.size());
            imported.forEach((key, importedEvents) -> {
                List<ConsentEvent> all = new ArrayList<>(importedEvents);
                all.addAll(existing.getOrDefault(key, List.of()));
                Instant foldAt = at;
                for (ConsentEvent event : all) {
                    if (event.serverTime().isAfter(foldAt)) {
                        foldAt = event.serverTime();
                    }
                }
                DeclaredPurpose purpose =
                        Objects.requireNonNull(context.purposes().get(key.purpose()));
                ConsentState state = ConsentFold.fold(all, purpose.policy(), noticeVersions, foldAt);
                PurposeState purposeState = PurposeState.of(key.purpose(), state);
                Instant since = purposeState.since();
                changed.add(new ConsentChanged(
                        key.subjectId(),
                        context.code(),
                        key.purpose().value(),
                        purposeState.status(),
                        since == null
                                ? importedEvents.get(importedEvents.size() - 1).serverTime()
                                : since,
                        purposeState.expiresAt()));
            });
            foldedAt = System.nanoTime();
            changes.appendAll(changed);
            appendedAt = System.nanoTime();

            Instant importedAt = now();
            jdbc.sql("""
                            insert into consent_import (id, entity_code, file_sha256, format, imported_at, actor, lines,
                                events, subjects_created, first_event_id, last_event_id, audit_seq)
                            values (:id, :entity, :sha, :format, :importedAt, :actor, :lines, :events, :created,
                                :first, :last, :auditSeq)""")
                    .param("id", importId)
                    .param("entity", context.code())
                    .param("sha", fileSha256)
                    .param("format", format.key())
                    .param("importedAt", OffsetDateTime.ofInstant(importedAt, ZoneOffset.UTC))
                    .param("actor", auditActor)
                    .param("lines", lines)
                    .param("events", recorded)
                    .param("created", created)
                    .param("first", firstEventId)
                    .param("last", lastEventId)
                    .param("auditSeq", auditSeq)
                    .update();
            return new ImportSummary(
                    importId,
                    context.code(),
                    fileSha256,
                    format.key(),
                    lines,
                    recorded,
                    created,
                    firstEventId,
                    lastEventId,
                    importedAt,
                    auditSeq,
                    false);
        }
    }
}
