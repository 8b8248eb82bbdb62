/**
 * The audit log: every change of state, written in the same transaction as the change, to an append-only,
 * hash-chained table. Facade: {@link io.custodia.server.audit.AuditTrail}.
 */
@NullMarked
@ApplicationModule(displayName = "Audit")
package io.custodia.server.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
