package io.custodia.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a consent import file of demo-like customers, for timing the bulk import.
 *
 * <pre>
 * java -cp bench/target/classes io.custodia.bench.ConsentFile \
 *     --lines 1000000 --customers 200000 --out consents.csv [--format csv|jsonl] [--entity FR] [--seed 1]
 * </pre>
 *
 * <p>Customers are numbered as the demo's ({@code FR-0000001} …): the first 2,000 are the demo's own, so an import
 * into the quick-start server meets known customers with a ledger as well as new ones. One customer in five is named
 * by e-mail instead. Each line is a choice about one of the demo register's consent purposes under notice version 1,
 * 70 % grants, 15 % refusals, 15 % withdrawals, with client times over the last two years in file order, and the
 * context of a former consent platform's banner. The same seed gives the same file.
 */
public final class ConsentFile {
    private static final List<String> PURPOSES = List.of(
            "marketing.personalised_offers",
            "marketing.partner_advertising",
            "research.innovation",
            "service.connected_devices");

    private ConsentFile() {}

    public static void main(String[] arguments) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (int index = 0; index + 1 < arguments.length; index += 2) {
            options.put(arguments[index].replaceFirst("^--", ""), arguments[index + 1]);
        }
        int lines = Integer.parseInt(options.getOrDefault("lines", "1000000"));
        int customers = Integer.parseInt(options.getOrDefault("customers", "200000"));
        String format = options.getOrDefault("format", "csv");
        String entity = options.getOrDefault("entity", "FR");
        Path out = Path.of(options.getOrDefault("out", "consents." + format));
        SplittableRandom random = new SplittableRandom(Long.parseLong(options.getOrDefault("seed", "1")));

        Instant start = Instant.parse("2024-11-01T00:00:00Z");
        long step = Duration.ofDays(730).toMillis() / Math.max(lines, 1);
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            if (format.equals("csv")) {
                writer.write("scheme,value,purpose,action,noticeVersion,clientTime,page,promptId\n");
            }
            for (int line = 0; line < lines; line++) {
                int customer = 1 + random.nextInt(customers);
                boolean byEmail = customer % 5 == 0;
                String scheme = byEmail ? "email" : "customer_id";
                String value = byEmail
                        ? "customer" + customer + "@" + entity.toLowerCase(Locale.ROOT) + ".example"
                        : String.format(Locale.ROOT, "%s-%07d", entity, customer);
                String purpose = PURPOSES.get(random.nextInt(PURPOSES.size()));
                int roll = random.nextInt(100);
                String action = roll < 70 ? "granted" : roll < 85 ? "refused" : "withdrawn";
                String clientTime = start.plusMillis(step * line).toString();
                String prompt = "legacy-banner-" + (1 + random.nextInt(12));
                if (format.equals("csv")) {
                    writer.write(scheme + "," + value + "," + purpose + "," + action + ",1," + clientTime
                            + ",https://www.example.com/account/privacy," + prompt + "\n");
                } else {
                    writer.write("{\"subject\":{\"scheme\":\"" + scheme + "\",\"value\":\"" + value
                            + "\"},\"purpose\":\"" + purpose + "\",\"action\":\"" + action
                            + "\",\"noticeVersion\":1,\"clientTime\":\"" + clientTime
                            + "\",\"context\":{\"page\":\"https://www.example.com/account/privacy\",\"promptId\":\""
                            + prompt + "\"}}\n");
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "Wrote %,d lines over %,d customers to %s (%,d bytes)%n",
                lines,
                customers,
                out,
                Files.size(out));
    }
}
