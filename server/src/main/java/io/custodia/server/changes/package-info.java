/**
 * The changes log: every change of state that a decision replica must apply, each with a position, written in the
 * transaction of the change it describes. The feed that serves it to replicas arrives later. Facade: {@link
 * io.custodia.server.changes.Changes}; the change types are in {@code io.custodia.core.change}.
 */
@NullMarked
@ApplicationModule(displayName = "Changes")
package io.custodia.server.changes;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
