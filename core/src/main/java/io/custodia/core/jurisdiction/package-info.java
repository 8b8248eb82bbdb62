/**
 * Jurisdiction packs and legal clocks: the rules of each data-protection law Custodia supports, kept as data, and
 * the deadline arithmetic that reads them.
 *
 * <p>{@link io.custodia.core.jurisdiction.JurisdictionPacks} loads the packs shipped in this jar (and local
 * overrides); {@link io.custodia.core.jurisdiction.LegalClock} turns a pack into due dates for data-subject requests
 * and breach notifications. Everything here is immutable and thread-safe.
 */
@NullMarked
package io.custodia.core.jurisdiction;

import org.jspecify.annotations.NullMarked;
