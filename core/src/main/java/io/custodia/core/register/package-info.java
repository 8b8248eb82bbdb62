/**
 * The register of processing (GDPR Art. 30) as plain values and rules: an activity draft, the statuses it
 * moves through and {@link io.custodia.core.register.RegisterRules}, which reports every broken rule at once.
 *
 * <p>The rules see the taxonomy and the entity's systems, datasets and recipients only through
 * {@link io.custodia.core.register.RegisterCatalog}, so that the server and, later, the decision engine can
 * run them over their own data.
 */
@NullMarked
package io.custodia.core.register;

import org.jspecify.annotations.NullMarked;
