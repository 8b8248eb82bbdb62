/**
 * The consent ledger: customers' choices about each purpose, recorded append-only with what proves them, folded into
 * their current state, each with a signed receipt; Global Privacy Control signals applied as the entity's
 * jurisdiction says. Facade: {@link io.custodia.server.consent.ConsentLedger}. The rules themselves are in {@code
 * io.custodia.core.consent}.
 */
@NullMarked
@ApplicationModule(displayName = "Consent")
package io.custodia.server.consent;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
