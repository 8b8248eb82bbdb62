package io.custodia.server.decisions;

import io.custodia.core.change.PolicyChanged;
import io.custodia.core.decision.PolicyDocument;
import io.custodia.server.changes.Changes;
import io.custodia.server.notices.NoticePublished;
import io.custodia.server.register.ActivityChanged;
import io.custodia.server.register.RecipientChanged;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Publishes an entity's whole new policy on the changes feed, in the transaction of the change that leads to it (an
 * activity written or its status changed, a recipient added or replaced, a notice published), so that every replica
 * swaps it in at the change's place in commit order.
 *
 * <p>Writers of one entity's policy take turns (a PostgreSQL advisory lock on the entity, held until their commit):
 * each compiles after the previous one committed, so a later policy on the feed always includes the earlier changes.
 * Without the turns, two concurrent changes would each publish a policy missing the other's, and the one numbered
 * last would undo the first, such as a committee's halt.
 */
@Component
class PolicyPublisher {
    /** The first half of the policies' advisory lock keys ("plcy"), apart from other features' locks. */
    private static final int LOCK_SPACE = 0x706c6379;

    private final PolicyCompiler compiler;
    private final Changes changes;
    private final JdbcClient jdbc;

    PolicyPublisher(PolicyCompiler compiler, Changes changes, JdbcClient jdbc) {
        this.compiler = compiler;
        this.changes = changes;
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ActivityChanged change) {
        publish(change.entityCode(), "activity.changed", change.id().toString());
    }

    @EventListener
    void on(RecipientChanged change) {
        publish(change.entityCode(), "recipient.changed", change.key());
    }

    @EventListener
    void on(NoticePublished published) {
        publish(published.entityCode(), "notice.published", published.key());
    }

    private void publish(String entityCode, String cause, @Nullable String key) {
        jdbc.sql("select pg_advisory_xact_lock(?, ?)")
                .params(LOCK_SPACE, entityCode.hashCode())
                .query((rs, row) -> 1)
                .single();
        compiler.compileInTransaction(entityCode)
                .ifPresent(
                        policy -> changes.append(new PolicyChanged(entityCode, cause, key, PolicyDocument.of(policy))));
    }
}
