/** A data-subject request's export and erasure of one customer in a store of ten million rows. */
@NullMarked
package io.custodia.bench.dsr;

import org.jspecify.annotations.NullMarked;
