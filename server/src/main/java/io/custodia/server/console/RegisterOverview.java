package io.custodia.server.console;

import io.custodia.core.register.ActivityDraft.PurposeUse;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.register.ActivityView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of the console's home: how many processing activities each visible entity has per status, and
 * how many purposes rest on each legal basis. Charts draw them; a table carries the same numbers for those who
 * do not see the charts.
 *
 * @param statusesByEntity entity code → status → number of activities, entities and statuses in display order
 * @param purposesByLegalBasis legal-basis key → number of purposes of active activities
 */
record RegisterOverview(Map<String, Map<String, Integer>> statusesByEntity, Map<String, Integer> purposesByLegalBasis) {
    static final List<String> STATUSES = List.of("active", "draft", "halted", "retired");

    static RegisterOverview of(List<GroupEntity> entities, List<ActivityView> activities) {
        Map<String, Map<String, Integer>> byEntity = new LinkedHashMap<>();
        for (GroupEntity entity : entities) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            STATUSES.forEach(status -> counts.put(status, 0));
            byEntity.put(entity.code(), counts);
        }
        Map<String, Integer> byBasis = new TreeMap<>();
        for (ActivityView activity : activities) {
            Map<String, Integer> counts = byEntity.get(activity.entity());
            if (counts != null) {
                counts.merge(activity.status(), 1, Integer::sum);
            }
            if (activity.status().equals("active")) {
                for (PurposeUse purpose : activity.content().purposes()) {
                    if (purpose.legalBasis() != null) {
                        byBasis.merge(purpose.legalBasis(), 1, Integer::sum);
                    }
                }
            }
        }
        return new RegisterOverview(byEntity, byBasis);
    }

    int total() {
        return statusesByEntity.values().stream()
                .flatMap(counts -> counts.values().stream())
                .mapToInt(Integer::intValue)
                .sum();
    }
}
