/** The audit log's hash chain: how an entry's hash is computed, so that anyone can recompute it offline. */
@NullMarked
package io.custodia.core.audit;

import org.jspecify.annotations.NullMarked;
