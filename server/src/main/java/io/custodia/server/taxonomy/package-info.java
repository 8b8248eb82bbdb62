/**
 * The taxonomy of purposes, data categories and subject types, group-wide and extended per entity. Facade:
 * {@link io.custodia.server.taxonomy.Taxonomy}.
 */
@NullMarked
@ApplicationModule(displayName = "Taxonomy")
package io.custodia.server.taxonomy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
