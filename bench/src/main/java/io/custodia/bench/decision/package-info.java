/**
 * Benchmarks of the decision engine and its Casbin peer, on a synthetic population ({@link
 * io.custodia.bench.decision.Population}).
 */
@NullMarked
package io.custodia.bench.decision;

import org.jspecify.annotations.NullMarked;
