/**
 * Staff identity: local accounts with Argon2id passwords, roles scoped to entities, and the HTTP security of
 * every page and API. Other features ask {@link io.custodia.server.identity.Staff} who is calling and which
 * entities they may see.
 */
@NullMarked
@ApplicationModule(displayName = "Identity")
package io.custodia.server.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
