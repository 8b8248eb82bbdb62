package io.custodia.server.consent;

import io.custodia.core.change.ConsentChanged;
import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.consent.ConsentFold;
import io.custodia.core.consent.ConsentState;
import io.custodia.core.consent.NoticeVersions;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every customer's current consent states of one entity, folded from the whole ledger: what a decision replica starts
 * from. The events are streamed from PostgreSQL by customer and purpose, so memory holds one customer's events at a
 * time whatever the size of the ledger.
 *
 * <p>The caller brings a transaction (PostgreSQL streams a result only inside one) and the purposes and notices in
 * force.
 */
@Component
class LedgerStates {
    private static final int FETCH = 2_000;

    private final JdbcTemplate jdbc;

    LedgerStates(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH);
    }

    /**
     * Folds every customer's events as of {@code at} and hands each customer's states to {@code perCustomer}, one
     * call per customer with at least one event about a declared purpose. Purposes that no active activity declares
     * any more are left out: no decision can allow them.
     */
    void foldAll(
            String entityCode,
            Map<TermKey, DeclaredPurpose> purposes,
            NoticeVersions notices,
            Instant at,
            Consumer<List<ConsentChanged>> perCustomer) {
        Folding folding = new Folding(entityCode, purposes, notices, at, perCustomer);
        jdbc.query(
                "select " + StoredEvents.FOLDED_COLUMNS
                        + " from consent_event where entity_code = ? and not superseded"
                        + " order by subject_id, purpose, server_time",
                rs -> {
                    folding.add(StoredEvents.event(rs));
                },
                entityCode);
        folding.finish();
    }

    /** The fold's running state: the events of the current customer and purpose, the states of the customer. */
    private static final class Folding {
        private final String entityCode;
        private final Map<TermKey, DeclaredPurpose> purposes;
        private final NoticeVersions notices;
        private final Instant at;
        private final Consumer<List<ConsentChanged>> perCustomer;
        private final List<ConsentEvent> events = new ArrayList<>();
        private final List<ConsentChanged> states = new ArrayList<>();
        private @Nullable UUID customer;
        private @Nullable TermKey purpose;

        Folding(
                String entityCode,
                Map<TermKey, DeclaredPurpose> purposes,
                NoticeVersions notices,
                Instant at,
                Consumer<List<ConsentChanged>> perCustomer) {
            this.entityCode = entityCode;
            this.purposes = purposes;
            this.notices = notices;
            this.at = at;
            this.perCustomer = perCustomer;
        }

        void add(ConsentEvent event) {
            if (!event.subjectId().equals(customer)) {
                foldPurpose();
                finishCustomer();
                customer = event.subjectId();
            } else if (!event.purpose().equals(purpose)) {
                foldPurpose();
            }
            purpose = event.purpose();
            events.add(event);
        }

        void finish() {
            foldPurpose();
            finishCustomer();
        }

        private void foldPurpose() {
            TermKey folded = purpose;
            UUID subject = customer;
            if (folded == null || subject == null || events.isEmpty()) {
                return;
            }
            DeclaredPurpose declared = purposes.get(folded);
            if (declared != null) {
                // As of the later of the time asked and the last event, as the writer folds, so every event counts.
                Instant now = at;
                for (ConsentEvent event : events) {
                    if (event.serverTime().isAfter(now)) {
                        now = event.serverTime();
                    }
                }
                ConsentState state = ConsentFold.fold(events, declared.policy(), notices, now);
                PurposeState purposeState = PurposeState.of(folded, state);
                Instant since = purposeState.since();
                states.add(new ConsentChanged(
                        subject,
                        entityCode,
                        folded.value(),
                        purposeState.status(),
                        since == null ? events.get(events.size() - 1).serverTime() : since,
                        purposeState.expiresAt()));
            }
            events.clear();
        }

        private void finishCustomer() {
            if (!states.isEmpty()) {
                perCustomer.accept(List.copyOf(states));
                states.clear();
            }
        }
    }
}
