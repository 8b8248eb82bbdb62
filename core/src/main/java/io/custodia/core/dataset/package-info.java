/**
 * Datasets: descriptions of the company's real stores (collections, fields, data categories, identity fields,
 * references between collections, an erasure strategy per field), read from Custodia or fideslang YAML; the
 * traversal that finds every record of one person across them; and the SQL that reads and erases those records
 * in a JDBC store.
 *
 * <p>Entry points: {@link io.custodia.core.dataset.DatasetFiles} reads files, {@link
 * io.custodia.core.dataset.DatasetRules} checks datasets at registration, {@link
 * io.custodia.core.dataset.DatasetGraph} plans the traversal of a request, {@link io.custodia.core.dataset.SqlPlan}
 * turns the plan into statements.
 */
@NullMarked
package io.custodia.core.dataset;

import org.jspecify.annotations.NullMarked;
