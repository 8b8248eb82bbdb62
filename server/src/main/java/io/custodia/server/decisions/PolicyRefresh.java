package io.custodia.server.decisions;

import io.custodia.server.notices.NoticePublished;
import io.custodia.server.register.ActivityChanged;
import io.custodia.server.register.RecipientChanged;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Puts an entity's new policy in force in the server's replica as soon as a change of its register, recipients or
 * notices commits, on the committing thread: the writer answers only once decisions on this server follow the change
 * (a halted activity already denies).
 */
@Component
class PolicyRefresh {
    private final DecisionReplica replica;

    PolicyRefresh(DecisionReplica replica) {
        this.replica = replica;
    }

    @TransactionalEventListener
    void on(ActivityChanged change) {
        replica.refreshPolicy(change.entityCode());
    }

    @TransactionalEventListener
    void on(RecipientChanged change) {
        replica.refreshPolicy(change.entityCode());
    }

    @TransactionalEventListener
    void on(NoticePublished published) {
        replica.refreshPolicy(published.entityCode());
    }
}
