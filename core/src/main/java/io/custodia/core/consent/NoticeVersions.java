package io.custodia.core.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.taxonomy.TermKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The notice facts of several purposes, at most one per purpose. */
public final class NoticeVersions {
    private static final NoticeVersions NONE = new NoticeVersions(Map.of());

    private final Map<TermKey, NoticeVersion> byPurpose;

    private NoticeVersions(Map<TermKey, NoticeVersion> byPurpose) {
        this.byPurpose = Map.copyOf(byPurpose);
    }

    /** No notice facts at all: no grant ever needs renewing for a notice change. */
    public static NoticeVersions none() {
        return NONE;
    }

    /** The given notice facts; fails when two are for the same purpose. */
    public static NoticeVersions of(NoticeVersion... versions) {
        return of(List.of(versions));
    }

    /** The given notice facts; fails when two are for the same purpose. */
    public static NoticeVersions of(Collection<NoticeVersion> versions) {
        Map<TermKey, NoticeVersion> byPurpose = new HashMap<>();
        for (NoticeVersion version : versions) {
            if (byPurpose.putIfAbsent(version.purpose(), version) != null) {
                throw InvalidInputException.of(
                        "notices", "purpose " + version.purpose() + " has more than one set of notice versions");
            }
        }
        return new NoticeVersions(byPurpose);
    }

    /** The notice facts of a purpose, absent when none were given for it. */
    public Optional<NoticeVersion> forPurpose(TermKey purpose) {
        return Optional.ofNullable(byPurpose.get(purpose));
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof NoticeVersions that && byPurpose.equals(that.byPurpose);
    }

    @Override
    public int hashCode() {
        return byPurpose.hashCode();
    }

    @Override
    public String toString() {
        return "NoticeVersions" + byPurpose.values();
    }
}
