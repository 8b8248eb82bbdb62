package io.custodia.server.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.server.platform.CustodiaProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sealing of connections' secrets: bound to their connection, unreadable without the home's key. */
class ConnectorKeysTests {
    private ConnectorKeys keys(Path folder) {
        return new ConnectorKeys(
                new CustodiaProperties(folder, false, "", new CustodiaProperties.Database("", "", "")));
    }

    @Test
    void sealedSecret_opensForItsConnection_andHoldsNoClearText(@TempDir Path home) {
        ConnectorKeys keys = keys(home);

        byte[] sealed = keys.seal(7, "pa55word-of-the-shop");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("pa55word");
        assertThat(keys.open(7, sealed)).isEqualTo("pa55word-of-the-shop");
        assertThat(keys.seal(7, "pa55word-of-the-shop")).isNotEqualTo(sealed);
    }

    @Test
    void sealedSecret_copiedToAnotherConnection_doesNotOpen(@TempDir Path home) {
        ConnectorKeys keys = keys(home);
        byte[] sealed = keys.seal(7, "pa55word-of-the-shop");

        assertThatThrownBy(() -> keys.open(8, sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void alteredSecret_orAnotherHomesKey_doesNotOpen(@TempDir Path home, @TempDir Path otherHome) throws Exception {
        ConnectorKeys keys = keys(home);
        byte[] sealed = keys.seal(7, "pa55word-of-the-shop");
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> keys.open(7, altered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys(otherHome).open(7, sealed)).isInstanceOf(IllegalStateException.class);
        assertThat(keys(home).open(7, sealed)).isEqualTo("pa55word-of-the-shop");
        assertThat(Files.size(home.resolve("keys").resolve("connections.key"))).isEqualTo(32);
    }
}
