/**
 * The taxonomy: purposes, data categories, subject types and legal bases, each mapped to a W3C DPV IRI. The group
 * shares one taxonomy, seeded with Custodia's default for a telecom group; each entity may extend it under its
 * existing parents. Imports from Custodia or fideslang YAML, export to Custodia YAML, the HTTP API under
 * {@code /api/v1/taxonomy} and the console pages under {@code /console/taxonomy}.
 *
 * <p>Facade: {@link io.custodia.server.taxonomy.Taxonomy}; event: {@link io.custodia.server.taxonomy.TaxonomyChanged}.
 */
@NullMarked
@ApplicationModule(displayName = "Taxonomy")
package io.custodia.server.taxonomy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
