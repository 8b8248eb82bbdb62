package io.custodia.core.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.taxonomy.TermKey;

/**
 * What folding needs to know about the notice of one purpose: its latest version, and the latest version that
 * changed it materially, from which consent given before must be renewed.
 *
 * <p>These are the facts in force at the instant a fold is computed for; an audit as of a past instant passes the
 * facts as they were then.
 *
 * @param purpose the purpose the notice explains
 * @param latest the latest published version, from 1
 * @param lastMaterialVersion the latest version flagged as a material change; 1 when no version since the first was.
 *     A grant given under an older version must be renewed.
 */
public record NoticeVersion(TermKey purpose, int latest, int lastMaterialVersion) {

    public NoticeVersion {
        if (latest < 1) {
            throw InvalidInputException.of("latest", "notice versions start at 1, got " + latest);
        }
        if (lastMaterialVersion < 1 || lastMaterialVersion > latest) {
            throw InvalidInputException.of(
                    "lastMaterialVersion",
                    "must be a published version, between 1 and " + latest + ", got " + lastMaterialVersion);
        }
    }

    /** Whether consent given under {@code version} must be renewed because a later version changed the notice. */
    public boolean requiresRenewal(int version) {
        return version < lastMaterialVersion;
    }
}
