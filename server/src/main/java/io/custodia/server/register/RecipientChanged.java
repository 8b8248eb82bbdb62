package io.custodia.server.register;

/**
 * Published after every write to a recipient of the register (creation, or replacement by an import), in the writing
 * transaction.
 *
 * @param entityCode the recipient's entity
 * @param key the recipient's key
 */
public record RecipientChanged(String entityCode, String key) {}
