package io.custodia.core.consent;

import io.custodia.core.audit.AuditChain;
import io.custodia.core.register.CatalogKey;
import io.custodia.core.taxonomy.TermKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Builds consent events for tests: one customer, one purpose, the whole purpose, by the customer, from the web. */
final class EventBuilder {
    static final UUID SUBJECT = UUID.fromString("6f1c2a7e-0000-4000-8000-000000000001");
    static final TermKey OFFERS = TermKey.of("marketing.personalised_offers");
    static final String NOTICE_HASH =
            AuditChain.sha256Hex("Personalised offers, notice version 1".getBytes(StandardCharsets.UTF_8));

    // Sequential ids keep example tests deterministic; properties pass their own ids.
    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    private UUID eventId = new UUID(0xC0DE, NEXT_ID.getAndIncrement());
    private UUID subjectId = SUBJECT;
    private TermKey purpose = OFFERS;
    private ConsentScope scope = ConsentScope.WHOLE_PURPOSE;
    private final ConsentAction action;
    private int noticeVersion = 1;
    private @Nullable Instant clientTime;
    private Instant serverTime;
    private Actor actor;
    private @Nullable String idempotencyKey;

    private EventBuilder(ConsentAction action, Instant serverTime) {
        this.action = action;
        this.serverTime = serverTime;
        this.actor = action.systemGenerated() ? Actor.custodia() : Actor.customer();
    }

    static EventBuilder event(ConsentAction action, Instant serverTime) {
        return new EventBuilder(action, serverTime);
    }

    static EventBuilder granted(String serverTime) {
        return event(ConsentAction.GRANTED, Instant.parse(serverTime));
    }

    static EventBuilder refused(String serverTime) {
        return event(ConsentAction.REFUSED, Instant.parse(serverTime));
    }

    static EventBuilder withdrawn(String serverTime) {
        return event(ConsentAction.WITHDRAWN, Instant.parse(serverTime));
    }

    static EventBuilder objected(String serverTime) {
        return event(ConsentAction.OBJECTED, Instant.parse(serverTime));
    }

    static EventBuilder expired(String serverTime) {
        return event(ConsentAction.EXPIRED, Instant.parse(serverTime));
    }

    static ConsentScope categories(String... keys) {
        return ConsentScope.of(Arrays.stream(keys).map(TermKey::of).collect(Collectors.toSet()));
    }

    static ConsentScope toRecipient(String recipient, String... keys) {
        return ConsentScope.of(
                Arrays.stream(keys).map(TermKey::of).collect(Collectors.toSet()), CatalogKey.of(recipient));
    }

    EventBuilder id(UUID id) {
        this.eventId = id;
        return this;
    }

    EventBuilder subject(UUID subject) {
        this.subjectId = subject;
        return this;
    }

    EventBuilder purpose(TermKey purpose) {
        this.purpose = purpose;
        return this;
    }

    EventBuilder scope(ConsentScope scope) {
        this.scope = scope;
        return this;
    }

    EventBuilder notice(int version) {
        this.noticeVersion = version;
        return this;
    }

    EventBuilder clientTime(@Nullable Instant clientTime) {
        this.clientTime = clientTime;
        return this;
    }

    EventBuilder serverTime(Instant serverTime) {
        this.serverTime = serverTime;
        return this;
    }

    EventBuilder by(Actor actor) {
        this.actor = actor;
        return this;
    }

    EventBuilder idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    ConsentEvent build() {
        return new ConsentEvent(
                eventId,
                subjectId,
                purpose,
                scope,
                action,
                noticeVersion,
                NOTICE_HASH,
                Channel.WEB,
                clientTime,
                serverTime,
                actor,
                idempotencyKey == null ? "key-" + eventId : idempotencyKey);
    }
}
