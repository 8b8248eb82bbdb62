package io.custodia.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The import command's options. */
class ImportConsentsOptionsTest {

    @Test
    void format_comesFromTheExtension_unlessGiven() {
        Map<String, String> env = Map.of("CUSTODIA_TOKEN", "t0k3n");
        assertThat(ImportConsents.Options.parse(
                                new String[] {"--server", "http://h:1", "--entity", "FR", "--file", "a.CSV"}, env)
                        .format())
                .isEqualTo("csv");
        assertThat(ImportConsents.Options.parse(
                                new String[] {"--server", "http://h:1", "--entity", "FR", "--file", "a.ndjson"}, env)
                        .format())
                .isEqualTo("jsonl");
        assertThat(ImportConsents.Options.parse(
                                new String[] {
                                    "--server", "http://h:1", "--entity", "FR", "--file", "a.txt", "--format", "jsonl"
                                },
                                env)
                        .format())
                .isEqualTo("jsonl");
        assertThatThrownBy(() -> ImportConsents.Options.parse(
                        new String[] {"--server", "http://h:1", "--entity", "FR", "--file", "a.txt"}, env))
                .hasMessageContaining("--format");
    }

    @Test
    void credentials_areBasicFromUserAndPassword_orABearerToken() {
        String[] args = {"--server", "http://h:1", "--entity", "FR", "--file", "a.csv"};
        assertThat(ImportConsents.Options.parse(args, Map.of("CUSTODIA_USER", "dpo", "CUSTODIA_PASSWORD", "pw"))
                        .authorization())
                .isEqualTo("Basic ZHBvOnB3");
        assertThat(ImportConsents.Options.parse(args, Map.of("CUSTODIA_TOKEN", "abc"))
                        .authorization())
                .isEqualTo("Bearer abc");
        assertThat(ImportConsents.Options.parse(args, Map.of("CUSTODIA_TOKEN", "abc"))
                        .server()
                        .toString())
                .isEqualTo("http://h:1/");
    }

    @Test
    void usageErrors_exitWithTwo() {
        var sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        assertThat(CustodiaCli.run(new String[] {}, Map.of(), sink, sink)).isEqualTo(2);
        assertThat(CustodiaCli.run(new String[] {"frobnicate"}, Map.of(), sink, sink))
                .isEqualTo(2);
        assertThat(CustodiaCli.run(new String[] {"import-consents", "--entity", "FR"}, Map.of(), sink, sink))
                .isEqualTo(2);
    }
}
