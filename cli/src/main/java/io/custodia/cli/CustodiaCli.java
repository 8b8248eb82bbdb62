package io.custodia.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Custodia's command line. Commands:
 *
 * <pre>
 * import-consents --server URL --entity CODE --file FILE [--format csv|jsonl] [--user NAME | --token TOKEN]
 * </pre>
 *
 * <p>Exit codes: 0 done, 1 refused by the server, 2 wrong usage, 3 the file or the server cannot be reached.
 */
public final class CustodiaCli {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    static final String USAGE_TEXT = """
            Usage: custodia-cli import-consents --server URL --entity CODE --file FILE [options]

            Imports a file of consents collected elsewhere into one entity, all or nothing.
              --server URL       Custodia's address, such as http://localhost:8080
              --entity CODE      the entity the customers belong to, such as FR
              --file FILE        a .csv file with a header row, or a .jsonl (.ndjson) file
              --format FORMAT    csv or jsonl, when the file's extension does not say
              --user NAME        sign in as this staff member; the password is read from CUSTODIA_PASSWORD,
                                 or asked for on the terminal (CUSTODIA_USER names the user too)
              --token TOKEN      send a bearer token instead (or set CUSTODIA_TOKEN)
              --no-progress      do not draw the progress bar
            """;

    private CustodiaCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs one command.
     *
     * @param env the environment variables to read credentials from
     * @param out where results go
     * @param err where the progress bar, errors and usage go
     * @return the exit code
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            err.print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        if (!args[0].equals("import-consents")) {
            err.println("Unknown command '" + args[0] + "'.");
            err.print(USAGE_TEXT);
            return USAGE;
        }
        ImportConsents.Options options;
        try {
            options = ImportConsents.Options.parse(Arrays.copyOfRange(args, 1, args.length), env);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        return new ImportConsents(options, out, err).run();
    }
}
