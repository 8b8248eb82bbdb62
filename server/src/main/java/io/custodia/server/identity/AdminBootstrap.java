package io.custodia.server.identity;

import io.custodia.server.platform.CustodiaProperties;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the first administrator, {@code admin} with every role over every entity, on the first start.
 *
 * <p>The password is {@code CUSTODIA_ADMIN_PASSWORD} when set; otherwise a random one is generated and printed
 * once, since it is stored only as an Argon2id hash.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminBootstrap implements ApplicationRunner {
    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final StaffDirectory directory;
    private final CustodiaProperties properties;

    AdminBootstrap(StaffDirectory directory, CustodiaProperties properties) {
        this.directory = directory;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (directory.exists(ADMIN)) {
            return;
        }
        boolean generated = properties.adminPassword().isBlank();
        String password = generated ? randomPassword() : properties.adminPassword();
        directory.create(ADMIN, "Administrator", password, EnumSet.allOf(Role.class), true, List.of());
        if (generated) {
            // Printed once on purpose: it exists nowhere else in clear.
            log.warn("Created administrator 'admin' with the generated password {} (shown only this once)", password);
        } else {
            log.info("Created administrator 'admin' with the password from CUSTODIA_ADMIN_PASSWORD");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
