/**
 * The propagation benchmark: how long after a withdrawal is acknowledged over the API a Java client's replica, in
 * another JVM, denies the use it withdrew.
 */
@NullMarked
package io.custodia.bench.propagation;

import org.jspecify.annotations.NullMarked;
