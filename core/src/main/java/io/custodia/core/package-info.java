/**
 * Custodia's plain-Java core: values and rules shared by the server, the client and the tools.
 *
 * <p>Nothing here depends on a framework, so that the rules can be embedded and benchmarked on their own.
 */
@NullMarked
package io.custodia.core;

import org.jspecify.annotations.NullMarked;
