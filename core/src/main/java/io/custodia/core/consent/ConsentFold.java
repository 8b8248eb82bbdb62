package io.custodia.core.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The fold of a customer's consent events for one purpose into their consent state at an instant.
 *
 * <p>The fold is a pure function: the same events, policy, notice facts and instant give the same state, whatever
 * the order of the events and however many times each is given. Thread-safe.
 */
public final class ConsentFold {

    /*
     * How the fold decides.
     *
     * A customer's choices about a purpose reach the ledger from many places (web, apps, call centres, devices,
     * imports), sometimes twice and sometimes late. The fold must give the same answer whatever order the events
     * arrived in and however often each was delivered, and an old choice must never override a newer one.
     *
     * 1. Duplicates count once. Events with the same id are one event delivered twice; they must be equal, and two
     *    different events under one id mean a corrupt ledger, which is refused rather than guessed at. Events with
     *    the same idempotency key are one request recorded twice; the first in ledger order counts.
     *
     * 2. Ledger order is by server time. The client time is evidence, never order: a device clock can be wrong, or
     *    set on purpose. Events recorded at the same instant are ordered so that the more protective choice comes
     *    last and wins: grant, expiry, refusal, withdrawal, objection. An objection is absolute for direct marketing
     *    and has no ask-again date; a withdrawal ends a consent and has none either; a refusal may be asked again
     *    after a while; an expiry is no one's choice. Then by notice version, so that of two grants at one instant
     *    the one under the newer notice counts as the later; then by event id, so that the order is total. A late-arriving event
     *    takes its place by server time, so it cannot override a choice recorded after it.
     *
     * 3. As of an instant. Events recorded after `now` are ignored, so an audit can ask for the state on any past
     *    instant. An event recorded exactly at `now` counts.
     *
     * 4. Scope. Only events whose scope applies to the use asked about count (rules below).
     *
     * 5. Denials end grants; grants add up. A refusal, withdrawal, objection or expiry ends every grant recorded
     *    before it. The grants recorded after the last denial add up: the state is GRANTED while one of them is in
     *    force, that is, given under a notice version no older than the purpose's last material version and not
     *    past its renewal date (now < grant time + renewal; at the renewal instant itself it has expired). The
     *    latest grant in force decides, so a renewal restarts the period. When none is in force, the latest grant
     *    says why: RECONSENT_REQUIRED when its notice has changed materially since, else EXPIRED from its renewal
     *    date. A notice change wins over an expiry because it is the more specific reason to ask again, and because
     *    it keeps states simple to index: a state changes without a new event only at a grant's renewal date.
     *    With no grant after the last denial, the denial decides: REFUSED, and the customer may be asked again from
     *    refusal time + refusal retention; WITHDRAWN; OBJECTED; or EXPIRED for an expiry Custodia recorded. With
     *    neither, NONE: silence is not consent.
     *
     *    So a withdrawal, refusal or objection after the last grant never yields GRANTED, and a grant after them
     *    does: the customer changed their mind. A later, narrower grant does not take back a wider earlier one,
     *    while a narrower withdrawal takes back its part. A stale screen that records a grant under an old notice
     *    does not undo a grant the customer gave under the current one.
     *
     *    On a purpose processed on legitimate interest, a grant after an objection lifts the objection: the customer
     *    has said they accept the processing again, and the state is GRANTED (with no renewal date, since only
     *    consent is renewed). The fold does not otherwise look at the legal basis: it reports what the customer
     *    said, and what that means for processing is the decision engine's call.
     *
     * Scope rules. An event that names no data category speaks about every category of the purpose; one that names
     * no recipient speaks about every recipient and about the company's own use. A use that names no category
     * touches every category; one that names no recipient keeps the data within the company.
     *
     *  - A grant applies when it covers all of the use: it names no recipient or the use's recipient, and it names no
     *    category or every category of the use lies within one it names. A grant of {user.location} allows a use of
     *    user.location.precise; a grant of {user.contact.email} does not allow a use of {user.contact.email,
     *    user.location.precise}, nor the whole purpose.
     *  - A refusal, withdrawal, objection or expiry applies when it touches any part of the use: it names no
     *    recipient or the use's recipient, and it names no category, or the use names none, or some category of the
     *    use lies within or contains one it names. A withdrawal of {user.location.precise} denies a use of
     *    user.location, of {user.contact.email, user.location.precise} and of the whole purpose, but not a use of
     *    user.contact.email alone.
     *  - An event narrowed to a recipient speaks only about data sent to that recipient, so the state of the whole
     *    purpose (the company's own use) does not see it: to know whether data may be sent to a recipient, ask with
     *    that recipient.
     *
     * These rules err on the side of the customer in one case: separate grants do not add up across categories.
     * Grants of {user.contact.email} and of {user.contact.phone} do not make a grant of both, so a use of both folds
     * to NONE; ask per category when that matters. They never err the other way, because asking about less never
     * gets a worse answer: every denial that touches part of a use touches the use, and every grant that covers the
     * use covers each of its parts, so when a use is GRANTED each of its categories asked about alone is GRANTED too.
     */

    private static final Comparator<ConsentEvent> LEDGER_ORDER = Comparator.comparing(ConsentEvent::serverTime)
            .thenComparingInt((ConsentEvent event) -> protection(event.action()))
            .thenComparingInt(ConsentEvent::noticeVersion)
            .thenComparing(ConsentEvent::eventId);

    private ConsentFold() {}

    /**
     * The consent state of the whole purpose, kept within the company, at {@code now}.
     *
     * @param events the customer's events for the policy's purpose, in any order, possibly with duplicates
     * @param policy the purpose's renewal and refusal retention periods
     * @param notices the notice facts in force at {@code now}; a purpose without notice facts never needs
     *     reconsent
     * @param now the instant the state is asked for; events recorded after it are ignored
     * @throws InvalidInputException when the events are about another purpose or several customers, or two different
     *     events share an id
     */
    public static ConsentState fold(
            Collection<ConsentEvent> events, PurposePolicy policy, NoticeVersions notices, Instant now) {
        return fold(events, policy, notices, now, ConsentScope.WHOLE_PURPOSE);
    }

    /**
     * The consent state, at {@code now}, of one use of the purpose: some data categories, kept within the company
     * or sent to one recipient.
     *
     * @param events the customer's events for the policy's purpose, in any order, possibly with duplicates
     * @param policy the purpose's renewal and refusal retention periods
     * @param notices the notice facts in force at {@code now}; a purpose without notice facts never needs
     *     reconsent
     * @param now the instant the state is asked for; events recorded after it are ignored
     * @param use the data categories the use touches (none for all of them) and the recipient it sends them to (none
     *     for the company's own use)
     * @throws InvalidInputException when the events are about another purpose or several customers, or two different
     *     events share an id
     */
    public static ConsentState fold(
            Collection<ConsentEvent> events,
            PurposePolicy policy,
            NoticeVersions notices,
            Instant now,
            ConsentScope use) {
        @Nullable NoticeVersion notice = notices.forPurpose(policy.purpose()).orElse(null);
        ConsentEvent lastDenial = null;
        ConsentEvent latestGrant = null;
        ConsentEvent latestCurrentGrant = null; // the latest grant whose notice has not changed materially since
        for (ConsentEvent event : ledger(events, policy.purpose())) {
            if (event.serverTime().isAfter(now)) {
                break;
            }
            if (event.action() == ConsentAction.GRANTED) {
                if (event.scope().covers(use)) {
                    latestGrant = event;
                    if (!requiresReconsent(event, notice)) {
                        latestCurrentGrant = event;
                    }
                }
            } else if (event.scope().touches(use)) {
                lastDenial = event;
                latestGrant = null;
                latestCurrentGrant = null;
            }
        }
        if (latestCurrentGrant != null) {
            // Later grants expire later, so if the latest current grant has expired, so has every other.
            Optional<Instant> expiresAt = policy.expiryOf(latestCurrentGrant.serverTime());
            if (expiresAt.isEmpty() || now.isBefore(expiresAt.get())) {
                return new ConsentState.Granted(
                        latestCurrentGrant.eventId(),
                        latestCurrentGrant.serverTime(),
                        latestCurrentGrant.noticeVersion(),
                        latestCurrentGrant.actor(),
                        expiresAt.orElse(null));
            }
        }
        if (latestGrant != null) {
            return lapsed(latestGrant, policy, notice);
        }
        if (lastDenial != null) {
            return denied(lastDenial, policy);
        }
        return ConsentState.none();
    }

    /**
     * The customer's events for one purpose as the fold reads them: duplicates removed, in ledger order.
     *
     * @throws InvalidInputException when the events are about another purpose or several customers, or two different
     *     events share an id
     */
    public static List<ConsentEvent> ledger(Collection<ConsentEvent> events, TermKey purpose) {
        Map<UUID, ConsentEvent> byId = new HashMap<>();
        UUID subject = null;
        for (ConsentEvent event : events) {
            if (!event.purpose().equals(purpose)) {
                throw InvalidInputException.of(
                        "events",
                        "an event is about purpose " + event.purpose() + ", not " + purpose
                                + ": consent is folded one purpose at a time");
            }
            if (subject == null) {
                subject = event.subjectId();
            } else if (!subject.equals(event.subjectId())) {
                throw InvalidInputException.of(
                        "events", "the events are about several customers: consent is folded one customer at a time");
            }
            ConsentEvent known = byId.putIfAbsent(event.eventId(), event);
            if (known != null && !known.equals(event)) {
                throw InvalidInputException.of(
                        "events", "two different events share the id " + event.eventId() + ": the ledger is corrupt");
            }
        }
        List<ConsentEvent> ordered = new ArrayList<>(byId.values());
        ordered.sort(LEDGER_ORDER);
        Set<String> idempotencyKeys = new HashSet<>();
        List<ConsentEvent> once = new ArrayList<>(ordered.size());
        for (ConsentEvent event : ordered) {
            if (idempotencyKeys.add(event.idempotencyKey())) {
                once.add(event);
            }
        }
        return Collections.unmodifiableList(once);
    }

    private static int protection(ConsentAction action) {
        return switch (action) {
            case GRANTED -> 0;
            case EXPIRED -> 1;
            case REFUSED -> 2;
            case WITHDRAWN -> 3;
            case OBJECTED -> 4;
        };
    }

    private static boolean requiresReconsent(ConsentEvent grant, @Nullable NoticeVersion notice) {
        return notice != null && notice.requiresRenewal(grant.noticeVersion());
    }

    /** The state of a grant that is no longer in force: its notice changed materially, or it expired. */
    private static ConsentState lapsed(ConsentEvent grant, PurposePolicy policy, @Nullable NoticeVersion notice) {
        if (notice != null && notice.requiresRenewal(grant.noticeVersion())) {
            return new ConsentState.ReconsentRequired(
                    grant.eventId(), grant.serverTime(), grant.noticeVersion(), notice.lastMaterialVersion());
        }
        Instant expiresAt = policy.expiryOf(grant.serverTime())
                .orElseThrow(() -> new IllegalStateException("a grant without renewal is always in force"));
        return new ConsentState.Expired(grant.eventId(), expiresAt);
    }

    private static ConsentState denied(ConsentEvent denial, PurposePolicy policy) {
        UUID id = denial.eventId();
        Instant at = denial.serverTime();
        return switch (denial.action()) {
            case REFUSED -> new ConsentState.Refused(id, at, policy.askAgainAfter(at));
            case WITHDRAWN -> new ConsentState.Withdrawn(id, at);
            case OBJECTED -> new ConsentState.Objected(id, at);
            case EXPIRED -> new ConsentState.Expired(id, at);
            case GRANTED -> throw new IllegalArgumentException("a grant is not a denial");
        };
    }
}
