/**
 * The pure rules of the consent ledger: consent events as values, and the fold that turns a subject's events for one
 * purpose into its current consent state.
 *
 * <p>{@link io.custodia.core.consent.ConsentFold} decides the state; {@link
 * io.custodia.core.consent.ConsentRecordingRules} decides whether an incoming event may be recorded at all. Both are
 * deterministic functions of their arguments: the same events give the same state in any order, on any machine.
 * Everything here is immutable and thread-safe.
 */
@NullMarked
package io.custodia.core.consent;

import org.jspecify.annotations.NullMarked;
