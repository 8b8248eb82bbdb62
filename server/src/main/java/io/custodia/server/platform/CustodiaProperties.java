package io.custodia.server.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Custodia's settings, bound from {@code custodia.*} (and so from the {@code CUSTODIA_*} variables of the
 * public contract).
 *
 * @param home the folder holding the embedded database, keys and exports
 * @param demo whether to load the demo group into an empty database
 * @param adminPassword the first administrator's password; blank means generate one and print it once
 * @param db an external PostgreSQL; a blank URL means the embedded one
 */
@ConfigurationProperties(prefix = "custodia")
public record CustodiaProperties(Path home, boolean demo, String adminPassword, Database db) {

    public CustodiaProperties {
        if (home == null) {
            home = Path.of("custodia-data");
        }
        if (adminPassword == null) {
            adminPassword = "";
        }
        if (db == null) {
            db = new Database("", "", "");
        }
    }

    /** Connection to an external PostgreSQL. */
    public record Database(String url, String user, String password) {
        public Database {
            url = url == null ? "" : url;
            user = user == null ? "" : user;
            password = password == null ? "" : password;
        }

        public boolean embedded() {
            return url.isBlank();
        }
    }
}
