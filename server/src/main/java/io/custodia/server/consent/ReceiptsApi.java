package io.custodia.server.consent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Consent receipts and the keys that verify them. */
@RestController
@Tag(
        name = "Receipts",
        description = "Signed receipts of consent events (Kantara Consent Receipt 1.1 and ISO/IEC TS 27560 fields in"
                + " a compact JWS, ES256), verified with the public keys at /.well-known/jwks.json.")
class ReceiptsApi {
    static final MediaType JOSE = MediaType.parseMediaType("application/jose");
    static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

    private final ConsentLedger ledger;
    private final Origins origins;

    ReceiptsApi(ConsentLedger ledger, Origins origins) {
        this.ledger = ledger;
        this.origins = origins;
    }

    @GetMapping("/api/v1/receipts/{eventId}")
    @Operation(
            summary = "The signed receipt of a consent event",
            description = "application/jose: a compact JWS whose header names the signing key (kid). 404 for an"
                    + " event outside your entities, as for a missing one. The receipt of an imported event is"
                    + " signed on its first request and the same bytes are handed out ever after.")
    ResponseEntity<String> receipt(@PathVariable UUID eventId, HttpServletRequest request) {
        return ResponseEntity.ok()
                .contentType(JOSE)
                .body(ledger.receipt(eventId, origins.of(request, "GET /api/v1/receipts", false)));
    }

    @PostMapping("/api/v1/receipts/keys/rotate")
    @PreAuthorize("hasRole('DPO')")
    @Operation(
            summary = "Sign receipts with a new key from now on",
            description = "For a DPO over the whole group. The old public keys stay published, so receipts signed"
                    + " before keep verifying. Answers the new key's id.")
    Map<String, String> rotate() {
        return Map.of("kid", ledger.rotateReceiptKey());
    }

    @GetMapping("/.well-known/jwks.json")
    ResponseEntity<String> keys() {
        return ResponseEntity.ok().contentType(JWK_SET).body(ledger.publicKeys());
    }
}
