package io.custodia.server.register;

/**
 * Published after a recipient of an entity was added or replaced (by the API or an import), in the writing
 * transaction.
 *
 * @param entityCode the entity whose recipient it is
 * @param key the recipient's key
 */
public record RecipientChanged(String entityCode, String key) {}
