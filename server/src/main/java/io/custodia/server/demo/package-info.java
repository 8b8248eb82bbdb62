/**
 * The demo group: a fictional telecom group with companies in France, Senegal, Côte d'Ivoire, Nigeria and
 * Kenya, its staff, register and customers, loaded into an empty database when {@code CUSTODIA_DEMO=true}.
 * It uses only the other features' facades, as any outside loader would.
 */
@NullMarked
@ApplicationModule(displayName = "Demo group")
package io.custodia.server.demo;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
