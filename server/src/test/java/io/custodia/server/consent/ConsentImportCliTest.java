package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.cli.CustodiaCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line's import, run as a person would run it, against the test server. */
class ConsentImportCliTest extends ConsentTestSupport {
    private static final Map<String, String> DPO = Map.of("CUSTODIA_USER", "dpo", "CUSTODIA_PASSWORD", DEMO_PASSWORD);

    private final Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    ConsentImportCliTest() throws IOException {
        folder = Files.createTempDirectory("custodia-cli-test");
    }

    private int run(Map<String, String> env, String... args) {
        return CustodiaCli.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }

    @Test
    void importConsents_sendsTheFile_andPrintsTheSummary() throws IOException {
        String customer = newCustomer("FR");
        Path csv = file(
                "consents.csv",
                ConsentImportTest.HEADER + "\n"
                        + "customer_id," + customer + "," + OFFERS + ",granted,1,,,,,,\n"
                        + "customer_id," + customer + "," + PARTNERS + ",refused,1,,,,,,\n");

        int exit = run(
                DPO, "import-consents", "--server", uri("/").toString(), "--entity", "FR", "--file", csv.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Imported 2 events from 3 lines into FR (1 new customers)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Importing");
        assertThat(state("FR", customer, PARTNERS).get("status").asString()).isEqualTo("refused");

        out.reset();
        assertThat(run(
                        DPO,
                        "import-consents",
                        "--server",
                        uri("").toString(),
                        "--entity",
                        "FR",
                        "--file",
                        csv.toString()))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("imported before", "nothing new was recorded");
    }

    @Test
    void importConsents_ofABadFile_listsTheLines_andExitsWithOne() throws IOException {
        String customer = newCustomer("FR");
        Path jsonl = file(
                "consents.ndjson",
                "{\"subject\":{\"scheme\":\"customer_id\",\"value\":\"" + customer + "\"},\"purpose\":\"" + OFFERS
                        + "\",\"action\":\"granted\",\"noticeVersion\":1}\n"
                        + "{\"subject\":{\"scheme\":\"customer_id\",\"value\":\"" + customer + "\"},\"purpose\":\""
                        + OFFERS + "\",\"action\":\"maybe\",\"noticeVersion\":1}\n");

        int exit = run(
                DPO,
                "import-consents",
                "--server",
                uri("").toString(),
                "--entity",
                "FR",
                "--file",
                jsonl.toString(),
                "--no-progress");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Nothing was imported", "line 2: action");
        assertThat(timeline("FR", customer)).isEmpty();
    }

    @Test
    void importConsents_withAWrongPassword_exitsWithOne() throws IOException {
        Path csv = file("consents.csv", ConsentImportTest.HEADER + "\n");
        int exit = run(
                Map.of("CUSTODIA_USER", "dpo", "CUSTODIA_PASSWORD", "wrong"),
                "import-consents",
                "--server",
                uri("").toString(),
                "--entity",
                "FR",
                "--file",
                csv.toString(),
                "--no-progress");
        assertThat(exit).isEqualTo(1);
    }
}
