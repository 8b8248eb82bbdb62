package io.custodia.server.requests;

import static io.custodia.server.requests.RequestStore.nullableInstant;
import static io.custodia.server.requests.RequestStore.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tasks of requests as a queue in PostgreSQL, shared by every worker of every server instance.
 *
 * <p>How a task is run once and only once in effect, whatever crashes: a worker claims one ready task in a short
 * transaction ({@code FOR UPDATE SKIP LOCKED}, so that concurrent workers never wait for each other), which marks it
 * {@code running}, counts the attempt and gives it a lease. The worker then runs the step outside any transaction
 * (it may call a remote system for a while) and records the outcome in a second transaction, fenced by the attempt
 * number it claimed: if its lease ran out and another worker claimed the task meanwhile, its outcome is dropped. A
 * worker that dies simply stops renewing nothing; once the lease is over the task is ready again, and the step runs
 * again. Steps are therefore idempotent: an erasure run twice changes nothing the second time, a collection run twice
 * finds the same records, and what a step found is stored in the same transaction that marks it done.
 *
 * <p>Stages order a request's tasks: a task is ready only once every task of a lower stage of its request is done, so
 * that the customer's identifiers are shredded only after every system was erased and recipients were told.
 */
@Component
class TaskQueue {
    /** The system key of the steps Custodia runs itself. */
    static final String CUSTODIA = "custodia";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration lease;
    private final Duration firstRetry;
    private final int maxAttempts;

    TaskQueue(
            JdbcClient jdbc,
            Clock clock,
            @Value("${custodia.requests.lease:PT5M}") Duration lease,
            @Value("${custodia.requests.first-retry:PT5S}") Duration firstRetry,
            @Value("${custodia.requests.max-attempts:8}") int maxAttempts) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lease = lease;
        this.firstRetry = firstRetry;
        this.maxAttempts = maxAttempts;
    }

    /** A task to create. */
    record NewTask(
            int stage,
            String step,
            @Nullable Long systemId,
            String systemKey,
            String systemName,
            boolean manual,
            @Nullable String instructions) {}

    /**
     * A task a worker claimed.
     *
     * @param attempt the attempt number the claim counted; it fences the outcome
     */
    record Claimed(UUID id, UUID requestId, int stage, String step, String systemKey, int attempt) {}

    @Transactional(propagation = Propagation.MANDATORY)
    void create(UUID requestId, List<NewTask> tasks) {
        Instant now = clock.instant();
        for (NewTask task : tasks) {
            jdbc.sql("""
                            insert into data_request_task (id, request_id, stage, step, system_id, system_key,
                                system_name, manual, instructions, status, next_attempt_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (request_id, step, system_key) do nothing""")
                    .params(Arrays.asList(
                            UUID.randomUUID(),
                            requestId,
                            task.stage(),
                            task.step(),
                            task.systemId(),
                            task.systemKey(),
                            task.systemName(),
                            task.manual(),
                            task.instructions(),
                            task.manual() ? "manual" : "pending",
                            utc(now)))
                    .update();
        }
    }

    /** Claims the oldest ready task, if there is one, in a transaction of its own. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    Optional<Claimed> claim() {
        Instant now = clock.instant();
        return jdbc.sql("""
                        with ready as (
                            select t.id from data_request_task t
                            where ((t.status = 'pending' and t.next_attempt_at <= :now)
                                   or (t.status = 'running' and t.lease_until < :now))
                              and not exists (select 1 from data_request_task earlier
                                              where earlier.request_id = t.request_id and earlier.stage < t.stage
                                                and earlier.status <> 'done')
                            order by t.next_attempt_at
                            limit 1
                            for update skip locked)
                        update data_request_task t
                        set status = 'running', attempts = t.attempts + 1, lease_until = :leaseUntil
                        from ready where t.id = ready.id
                        returning t.id, t.request_id, t.stage, t.step, t.system_key, t.attempts""")
                .param("now", utc(now))
                .param("leaseUntil", utc(now.plus(lease)))
                .query((rs, n) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("request_id", UUID.class),
                        rs.getInt("stage"),
                        rs.getString("step"),
                        rs.getString("system_key"),
                        rs.getInt("attempts")))
                .optional();
    }

    /**
     * Marks a claimed task done, in the caller's transaction, unless another worker claimed it since.
     *
     * @return whether this claim still held the task
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean done(Claimed task, long rowsChanged, @Nullable String detail, @Nullable String sealedRecords) {
        return jdbc.sql("""
                                update data_request_task set status = 'done', lease_until = null, rows_changed = ?,
                                    detail = ?, sealed_records = ?, done_at = ?
                                where id = ? and status = 'running' and attempts = ?""")
                        .params(Arrays.asList(
                                rowsChanged,
                                clip(detail),
                                sealedRecords,
                                utc(clock.instant()),
                                task.id(),
                                task.attempt()))
                        .update()
                == 1;
    }

    /** Marks a waiting or manual task done, in the caller's transaction; false when it was neither. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean answered(UUID taskId, long rowsChanged, @Nullable String detail, @Nullable String sealedRecords) {
        return jdbc.sql("""
                                update data_request_task set status = 'done', lease_until = null, rows_changed = ?,
                                    detail = ?, sealed_records = ?, done_at = ?
                                where id = ? and status in ('waiting', 'manual')""")
                        .params(Arrays.asList(rowsChanged, clip(detail), sealedRecords, utc(clock.instant()), taskId))
                        .update()
                == 1;
    }

    /** Parks a claimed task until its system calls back. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean waiting(Claimed task, @Nullable String detail) {
        return jdbc.sql("update data_request_task set status = 'waiting', lease_until = null, detail = ?"
                                + " where id = ? and status = 'running' and attempts = ?")
                        .params(Arrays.asList(clip(detail), task.id(), task.attempt()))
                        .update()
                == 1;
    }

    /**
     * Puts a claimed task back for a later attempt after exponential back-off (the first retry, then twice as long
     * each time), or marks it failed once it used all its attempts.
     *
     * @return the retry's time, or empty when the task failed for good (or another worker holds it now)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Instant> retry(Claimed task, String detail) {
        if (task.attempt() >= maxAttempts) {
            fail(task, detail);
            return Optional.empty();
        }
        Instant next = clock.instant().plus(firstRetry.multipliedBy(1L << Math.min(task.attempt() - 1, 20)));
        int updated = jdbc.sql("update data_request_task set status = 'pending', lease_until = null, detail = ?,"
                        + " next_attempt_at = ? where id = ? and status = 'running' and attempts = ?")
                .params(Arrays.asList(clip(detail), utc(next), task.id(), task.attempt()))
                .update();
        return updated == 1 ? Optional.of(next) : Optional.empty();
    }

    /** Marks a claimed task failed for good: a person must look at it. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean fail(Claimed task, String detail) {
        return jdbc.sql("update data_request_task set status = 'failed', lease_until = null, detail = ?"
                                + " where id = ? and status = 'running' and attempts = ?")
                        .params(Arrays.asList(clip(detail), task.id(), task.attempt()))
                        .update()
                == 1;
    }

    /** Makes a failed task ready again, with its attempts counted from zero; false when it had not failed. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean reopen(UUID taskId) {
        return jdbc.sql("update data_request_task set status = 'pending', attempts = 0, next_attempt_at = ?"
                                + " where id = ? and status = 'failed'")
                        .params(utc(clock.instant()), taskId)
                        .update()
                == 1;
    }

    /** The task of a request waiting for a system's answer to a step. */
    Optional<UUID> waitingFor(UUID requestId, String systemKey, String step) {
        return jdbc.sql("select id from data_request_task where request_id = ? and system_key = ? and step = ?"
                        + " and status = 'waiting'")
                .params(requestId, systemKey, step)
                .query(UUID.class)
                .optional();
    }

    /** Whether every task of the request is done. */
    boolean allDone(UUID requestId) {
        return !jdbc.sql("select exists (select 1 from data_request_task where request_id = ? and status <> 'done')")
                .param(requestId)
                .query(Boolean.class)
                .single();
    }

    List<RequestView.Task> tasks(UUID requestId) {
        return jdbc.sql("""
                        select id, stage, step, system_key, system_name, manual, instructions, status, attempts,
                               rows_changed, detail, done_at
                        from data_request_task where request_id = ? order by stage, system_key, step""").param(requestId).query(TaskQueue::task).list();
    }

    /** The sealed records every collect step of the request found, by system key. */
    List<SealedRecords> collected(UUID requestId) {
        return jdbc.sql(
                        "select system_key, system_name, sealed_records from data_request_task"
                                + " where request_id = ? and step = 'collect' and sealed_records is not null order by system_key")
                .param(requestId)
                .query((rs, n) -> new SealedRecords(
                        rs.getString("system_key"), rs.getString("system_name"), rs.getString("sealed_records")))
                .list();
    }

    /** What one system gave, sealed. */
    record SealedRecords(String systemKey, String systemName, String sealed) {}

    private static RequestView.Task task(ResultSet rs, int n) throws SQLException {
        return new RequestView.Task(
                rs.getObject("id", UUID.class),
                rs.getInt("stage"),
                rs.getString("step"),
                rs.getString("system_key"),
                rs.getString("system_name"),
                rs.getBoolean("manual"),
                rs.getString("instructions"),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getLong("rows_changed"),
                rs.getString("detail"),
                nullableInstant(rs, "done_at"));
    }

    private static @Nullable String clip(@Nullable String detail) {
        return detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
    }
}
