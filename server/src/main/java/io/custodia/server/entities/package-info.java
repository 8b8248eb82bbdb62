/**
 * Group entities: the legal company of each country, with its jurisdiction pack and time zone. Every record in
 * Custodia belongs to one; staff see only the entities they are granted. Facade: {@link io.custodia.server.entities.Entities}.
 */
@NullMarked
@ApplicationModule(displayName = "Entities")
package io.custodia.server.entities;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
