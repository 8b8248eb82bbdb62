package io.custodia.server.entities;

import io.custodia.core.jurisdiction.BreachNotice;
import io.custodia.core.jurisdiction.JurisdictionPack;
import io.custodia.core.jurisdiction.NotificationDeadline;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console page of the group's entities and the rules of their jurisdictions. */
@Controller
class EntitiesPages {
    private final Entities entities;

    EntitiesPages(Entities entities) {
        this.entities = entities;
    }

    /** An entity with the figures of its jurisdiction that a DPO looks for first. */
    record EntityRow(GroupEntity entity, JurisdictionPack pack, String authorityBreachRule) {}

    @GetMapping("/console/entities")
    String list(Model model) {
        List<EntityRow> rows = entities.visible().stream()
                .map(entity -> {
                    JurisdictionPack pack = entities.jurisdiction(entity);
                    return new EntityRow(entity, pack, rule(pack.breach().deadlineFor(BreachNotice.AUTHORITY)));
                })
                .toList();
        model.addAttribute("rows", rows);
        return "entities/list";
    }

    /** The message key suffix, or the ISO duration, that describes a breach notice rule. */
    private static String rule(NotificationDeadline deadline) {
        if (deadline instanceof NotificationDeadline.Within within) {
            return within.duration().toHours() + " h";
        }
        if (deadline instanceof NotificationDeadline.WithoutUndueDelay) {
            return "undue";
        }
        if (deadline instanceof NotificationDeadline.Immediately) {
            return "immediately";
        }
        return "none";
    }
}
