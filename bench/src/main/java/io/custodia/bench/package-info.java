/** Load drivers that measure a running Custodia from the outside, over HTTP. */
@NullMarked
package io.custodia.bench;

import org.jspecify.annotations.NullMarked;
