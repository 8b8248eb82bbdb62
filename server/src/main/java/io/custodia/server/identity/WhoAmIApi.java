package io.custodia.server.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who the caller is, as Custodia sees them: a quick check that a token or an account works, and which entity and
 * rights it has. Answers from the request's authentication alone.
 */
@RestController
@Tag(name = "Identity", description = "Staff accounts and service tokens")
class WhoAmIApi {
    private final Staff staff;

    WhoAmIApi(Staff staff) {
        this.staff = staff;
    }

    /**
     * The caller.
     *
     * @param kind {@code staff} or {@code service}
     * @param actor the name the audit log gives the caller
     * @param entity a service token's entity
     * @param rights a member's roles or a token's scopes
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Caller(String kind, String actor, @Nullable String entity, List<String> rights) {}

    @GetMapping("/api/v1/whoami")
    @Operation(summary = "Who the caller is: a person's roles, or a service token's entity and scopes")
    Caller whoAmI() {
        Optional<ServiceCaller> service = staff.service();
        if (service.isPresent()) {
            ServiceCaller caller = service.get();
            return new Caller(
                    "service",
                    caller.actor(),
                    caller.entityCode(),
                    caller.scopes().stream().map(Scope::key).sorted().toList());
        }
        StaffMember member = staff.current();
        return new Caller(
                "staff",
                staff.actor(),
                null,
                member.roles().stream().map(Enum::name).sorted().toList());
    }
}
