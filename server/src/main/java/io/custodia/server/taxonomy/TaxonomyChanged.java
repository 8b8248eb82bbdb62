package io.custodia.server.taxonomy;

import org.jspecify.annotations.Nullable;

/**
 * Published when taxonomy terms were created or changed, inside the transaction that changed them (listen with
 * {@code @TransactionalEventListener} to act after the commit).
 *
 * @param entityCode the entity whose extension changed, null when the group taxonomy changed
 */
public record TaxonomyChanged(@Nullable String entityCode) {}
