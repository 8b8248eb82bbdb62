/**
 * Customers (data subjects) and their external identifiers, kept as keyed hashes for lookup and as ciphertext
 * under a per-subject key so that destroying the key erases them. Facade: {@link io.custodia.server.subjects.Subjects}.
 */
@NullMarked
@ApplicationModule(displayName = "Subjects")
package io.custodia.server.subjects;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
