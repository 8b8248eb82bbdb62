package io.custodia.server.notices;

import java.util.List;

/**
 * Published when a notice version is published, in the publishing transaction.
 *
 * @param material whether consent given under earlier versions must now be renewed
 * @param purposes the purpose keys the version explains
 */
public record NoticePublished(String entityCode, String key, int version, boolean material, List<String> purposes) {
    public NoticePublished {
        purposes = List.copyOf(purposes);
    }
}
