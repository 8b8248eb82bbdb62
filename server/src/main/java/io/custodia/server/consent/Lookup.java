package io.custodia.server.consent;

import java.util.List;

/**
 * What staff see of a customer's consents: whether the identifier names a customer, their state per purpose and
 * their timeline, oldest first.
 *
 * @param known whether the identifier names a customer of the entity
 * @param states the state of every purpose of the entity that takes choices; all {@code none} for an unknown one
 * @param timeline every event, oldest first
 */
public record Lookup(boolean known, List<PurposeState> states, List<LedgerEntry> timeline) {
    public Lookup {
        states = List.copyOf(states);
        timeline = List.copyOf(timeline);
    }
}
