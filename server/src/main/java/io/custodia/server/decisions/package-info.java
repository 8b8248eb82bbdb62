/**
 * Decisions: may this use of a customer's data go ahead, now? Compiles each entity's policy from the register, its
 * recipients, its jurisdiction and its notices, keeps the server's own replica of every entity's consent index in step
 * with the changes feed, and answers single decisions, batches and audiences ({@code /api/v1/decisions},
 * {@code /api/v1/audiences}). Facade: {@link io.custodia.server.decisions.Decisions}; the engine is in {@code
 * io.custodia.core.decision}.
 */
@NullMarked
@ApplicationModule(displayName = "Decisions")
package io.custodia.server.decisions;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
