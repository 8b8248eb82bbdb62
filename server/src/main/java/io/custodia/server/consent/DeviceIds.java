package io.custodia.server.consent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A device id in a choice's context names the customer's device as surely as a phone number, so the ledger keeps it
 * encrypted under the customer's own key (as {@value #SEALED}) and erasing the customer erases it, backups included.
 */
final class DeviceIds {
    static final String SEALED = "deviceIdSealed";
    private static final String CLEAR = "deviceId";

    private DeviceIds() {}

    /** The context as stored: the device id, if any, replaced by its ciphertext. */
    static Map<String, String> sealed(Map<String, String> where, UnaryOperator<String> seal) {
        String deviceId = where.get(CLEAR);
        if (deviceId == null) {
            return where;
        }
        Map<String, String> stored = new LinkedHashMap<>(where);
        stored.remove(CLEAR);
        stored.put(SEALED, seal.apply(deviceId));
        return stored;
    }

    /** The context as shown: the device id decrypted, or left out once the customer was erased. */
    static Map<String, String> unsealed(Map<String, String> stored, Function<String, Optional<String>> unseal) {
        String sealed = stored.get(SEALED);
        if (sealed == null) {
            return stored;
        }
        Map<String, String> where = new LinkedHashMap<>(stored);
        where.remove(SEALED);
        unseal.apply(sealed).ifPresent(deviceId -> where.put(CLEAR, deviceId));
        return where;
    }
}
