package io.custodia.server.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Service tokens over HTTP. */
@RestController
@RequestMapping("/api/v1/tokens")
@Tag(
        name = "Tokens",
        description = "Service tokens with which company services call the API (Authorization: Bearer <token>)."
                + " Each acts for one entity with the scopes it was given. Staff with the DPO or engineer role"
                + " manage the tokens of the entities they see.")
class TokensApi {
    private final ServiceTokens tokens;

    TokensApi(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    /** What a token is created with. */
    record NewToken(
            @Schema(example = "web-shop") @Nullable String name,

            @Schema(example = "[\"consent:write\", \"consent:read\"]") @Nullable
            List<String> scopes,

            @Schema(example = "FR") @Nullable String entity) {}

    /**
     * A token as the API shows it.
     *
     * @param token the secret, present only in the answer that creates the token
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenBody(
            UUID id,
            String name,
            List<String> scopes,
            String entity,
            String createdBy,
            Instant createdAt,
            @Nullable Instant lastUsedAt,
            @Nullable String token) {
        static TokenBody of(ServiceTokens.TokenView view, @Nullable String token) {
            return new TokenBody(
                    view.id(),
                    view.name(),
                    view.scopes(),
                    view.entity(),
                    view.createdBy(),
                    view.createdAt(),
                    view.lastUsedAt(),
                    token);
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(ServiceTokens.MANAGERS)
    @Operation(
            summary = "Create a service token",
            description = "Answers 201 with the token in the field token: it is shown this once and stored only as"
                    + " its SHA-256, so keep it in the service's secret store. Scopes: decisions:read,"
                    + " consent:write, consent:read, feed:read, requests:write. The entity must be one you see.")
    TokenBody create(@RequestBody NewToken body) {
        ServiceTokens.IssuedToken issued = tokens.create(body.name(), body.scopes(), body.entity());
        return TokenBody.of(issued.view(), issued.token());
    }

    @GetMapping
    @PreAuthorize(ServiceTokens.MANAGERS)
    @Operation(
            summary = "The live tokens of your entities, newest first",
            description = "Never the secret: it is not kept.")
    List<TokenBody> list() {
        return tokens.list().stream().map(view -> TokenBody.of(view, null)).toList();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize(ServiceTokens.MANAGERS)
    @Operation(summary = "Revoke a token", description = "From the next request on, the token authenticates no one.")
    void revoke(@PathVariable UUID id) {
        tokens.revoke(id);
    }
}
