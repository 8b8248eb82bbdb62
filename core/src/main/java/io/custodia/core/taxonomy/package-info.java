/**
 * The taxonomy: purposes, data categories, legal bases and subject types, each with a dotted key compatible
 * with fideslang and a W3C DPV IRI for export.
 */
@NullMarked
package io.custodia.core.taxonomy;

import org.jspecify.annotations.NullMarked;
