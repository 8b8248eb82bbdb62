/**
 * The changes log: every change of state that a decision replica must apply, each with a position, written in the
 * transaction of the change it describes, numbered in commit order after the commit and served to replicas as the
 * changes feed ({@code /api/v1/changes}). Facade: {@link
 * io.custodia.server.changes.Changes}; the change types are in {@code io.custodia.core.change}.
 */
@NullMarked
@ApplicationModule(displayName = "Changes")
package io.custodia.server.changes;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
