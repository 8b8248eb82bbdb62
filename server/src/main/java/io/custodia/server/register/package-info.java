/**
 * The register of processing (GDPR Art. 30, the data map): per entity, its systems, datasets and recipients, and
 * the processing activities that say which data is used, why, on what legal basis, by whom and for how long.
 * Exports as CSV, JSON, DPV JSON-LD and a printable report; imports YAML.
 *
 * <p>Facade: {@link io.custodia.server.register.Register}; event: {@link io.custodia.server.register.ActivityChanged}.
 * The rules themselves are in {@code io.custodia.core.register}.
 */
@NullMarked
@ApplicationModule(displayName = "Register")
package io.custodia.server.register;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
