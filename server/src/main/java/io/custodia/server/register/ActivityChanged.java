package io.custodia.server.register;

import java.util.UUID;

/**
 * Published after every write to a processing activity (creation, edit, status change), in the writing
 * transaction.
 *
 * @param status the activity's status after the write, e.g. {@code active}
 */
public record ActivityChanged(UUID id, String entityCode, String status) {}
