/** Custodia's Spring Boot application; each sub-package is a feature module. */
@NullMarked
package io.custodia.server;

import org.jspecify.annotations.NullMarked;
