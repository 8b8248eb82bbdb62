package io.custodia.server.consent;

import io.custodia.core.audit.AuditChain;
import io.custodia.core.consent.Actor;
import io.custodia.core.consent.Channel;
import io.custodia.core.consent.ConsentAction;
import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.consent.ConsentFold;
import io.custodia.core.consent.ConsentScope;
import io.custodia.core.consent.ConsentState;
import io.custodia.core.consent.NoticeVersions;
import io.custodia.core.jurisdiction.GpcPolicy;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.notices.PublishedNotice;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Global Privacy Control: records every {@code Sec-GPC: 1} signal a consent endpoint receives and applies it as the
 * entity's jurisdiction pack says ({@link GpcPolicy}).
 *
 * <p>Where the signal is an opt-out of a purpose, Custodia records, as its own actor, a withdrawal for a purpose
 * processed on consent that the customer had granted, and an objection for a purpose processed on legitimate
 * interest or public task that they had not objected to yet. Two choices prevail over the signal: one the same
 * request makes explicitly about that purpose, and a grant the customer gave while their browser was sending the
 * signal. Both are specific, informed choices made with the signal on; the signal is general. The signal is
 * applied only when it changes something, so a browser that sends it with every request does not fill the ledger.
 */
@Component
class GpcSignals {
    static final String AUDIT_ACTOR = "system:gpc";

    private final StoredEvents events;
    private final LedgerWriter writer;
    private final Receipts receipts;
    private final JdbcClient jdbc;
    private final Clock clock;

    GpcSignals(StoredEvents events, LedgerWriter writer, Receipts receipts, JdbcClient jdbc, Clock clock) {
        this.events = events;
        this.writer = writer;
        this.receipts = receipts;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records a signal about one customer of one entity and applies it.
     *
     * @param subjectId the customer, or null when the identifier names no one
     * @param chosen the purposes this request makes a choice about, which the signal leaves alone
     * @param channel the channel of the request's choices, or of the request itself
     * @return how many events applying it recorded
     */
    @Transactional(propagation = Propagation.MANDATORY)
    int receive(
            EntityContext context,
            @Nullable UUID subjectId,
            Set<TermKey> chosen,
            Channel channel,
            Origin origin,
            NoticeVersions noticeVersions) {
        GpcPolicy policy = context.pack().gpc();
        UUID signal = UUID.randomUUID();
        int applied = subjectId == null || policy.effect() != GpcPolicy.Effect.OBJECTION
                ? 0
                : applyAll(context, subjectId, chosen, channel, origin, noticeVersions, signal);
        jdbc.sql("""
                        insert into gpc_signal (id, entity_code, subject_id, received_at, endpoint, effect, applied)
                        values (:id, :entityCode, :subjectId, :receivedAt, :endpoint, :effect, :applied)""")
                .param("id", signal)
                .param("entityCode", context.code())
                .param("subjectId", subjectId)
                .param("receivedAt", OffsetDateTime.ofInstant(now(), ZoneOffset.UTC))
                .param("endpoint", origin.endpoint())
                .param("effect", policy.effect().key())
                .param("applied", applied)
                .update();
        return applied;
    }

    private int applyAll(
            EntityContext context,
            UUID subjectId,
            Set<TermKey> chosen,
            Channel channel,
            Origin origin,
            NoticeVersions noticeVersions,
            UUID signal) {
        GpcPolicy policy = context.pack().gpc();
        int applied = 0;
        for (DeclaredPurpose purpose : context.purposes().values()) {
            if (!policy.appliesTo(purpose.purpose()) || chosen.contains(purpose.purpose())) {
                continue;
            }
            Optional<ConsentAction> action = effect(subjectId, purpose, noticeVersions);
            Optional<PublishedNotice> notice = context.notices().latest(purpose.purpose());
            if (action.isPresent() && notice.isPresent()) {
                apply(context, subjectId, purpose, action.get(), notice.get(), signal, channel, origin, noticeVersions);
                applied++;
            }
        }
        return applied;
    }

    /** What the signal does to the customer's state for the purpose now, if anything. */
    private Optional<ConsentAction> effect(UUID subjectId, DeclaredPurpose purpose, NoticeVersions noticeVersions) {
        ConsentState state = ConsentFold.fold(
                events.foldable(subjectId, purpose.purpose()), purpose.policy(), noticeVersions, now());
        if (state instanceof ConsentState.Granted granted && grantedWithTheSignalOn(granted)) {
            return Optional.empty();
        }
        if (purpose.legalBasis() == LegalBasis.CONSENT) {
            return state instanceof ConsentState.Granted ? Optional.of(ConsentAction.WITHDRAWN) : Optional.empty();
        }
        if (purpose.legalBasis().objectable()) {
            return state instanceof ConsentState.Objected ? Optional.empty() : Optional.of(ConsentAction.OBJECTED);
        }
        return Optional.empty();
    }

    private boolean grantedWithTheSignalOn(ConsentState.Granted granted) {
        return events.byId(granted.decidingEvent()).map(StoredEvent::gpc).orElse(false);
    }

    private void apply(
            EntityContext context,
            UUID subjectId,
            DeclaredPurpose purpose,
            ConsentAction action,
            PublishedNotice notice,
            UUID signal,
            Channel channel,
            Origin origin,
            NoticeVersions noticeVersions) {
        String language = Choices.language(notice, origin.languages());
        ConsentEvent event = new ConsentEvent(
                UUID.randomUUID(),
                subjectId,
                purpose.purpose(),
                ConsentScope.WHOLE_PURPOSE,
                action,
                notice.version(),
                notice.contentHash(),
                channel,
                null,
                now(),
                Actor.custodia(),
                "gpc:" + signal + ":" + purpose.purpose());
        String receiptDocument = receipts.document(
                event, new Receipts.Facts(context, purpose, notice, language, origin.baseUrl(), signal));
        writer.write(
                new Draft(
                        event,
                        purpose,
                        context.code(),
                        notice.key(),
                        language,
                        Map.of(),
                        null,
                        AuditChain.sha256Hex(("gpc\n" + signal + "\n" + purpose.purpose() + "\n" + action.key())
                                .getBytes(StandardCharsets.UTF_8)),
                        true,
                        signal,
                        receiptDocument),
                noticeVersions,
                AUDIT_ACTOR,
                "consent.gpc_applied");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
