package io.custodia.server.entities;

import io.custodia.server.identity.EntityScope;
import io.custodia.server.identity.Staff;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The group's entities over HTTP. */
@RestController
@RequestMapping("/api/v1/entities")
@Tag(name = "Entities", description = "The companies of the group and their jurisdictions")
class EntitiesApi {
    private final Entities entities;
    private final Staff staff;

    EntitiesApi(Entities entities, Staff staff) {
        this.entities = entities;
        this.staff = staff;
    }

    /** An entity as the API shows it; on input, a missing field reads as empty and is reported as such. */
    record EntityBody(
            @Nullable String code,
            @Nullable String name,
            @Nullable String jurisdiction,
            @Nullable String timeZone,
            @Nullable String country) {
        static EntityBody of(GroupEntity entity) {
            return new EntityBody(
                    entity.code(),
                    entity.name(),
                    entity.jurisdiction(),
                    entity.timeZone().getId(),
                    entity.country());
        }
    }

    @GetMapping
    List<EntityBody> list() {
        return entities.visible().stream().map(EntityBody::of).toList();
    }

    @GetMapping("/{code}")
    EntityBody get(@PathVariable String code) {
        return EntityBody.of(entities.visible(code));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('DPO')")
    EntityBody create(@RequestBody EntityBody body) {
        if (!(staff.scope() instanceof EntityScope.All)) {
            throw new AccessDeniedException("Only staff scoped to the whole group create entities");
        }
        return EntityBody.of(entities.create(
                orEmpty(body.code()),
                orEmpty(body.name()),
                orEmpty(body.jurisdiction()),
                orEmpty(body.timeZone()),
                orEmpty(body.country())));
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value.trim();
    }
}
