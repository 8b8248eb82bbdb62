package io.custodia.server.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.consent.Channel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a consent import file line by line into requests, as the ledger's API would receive them: a CSV file with a
 * header row, or JSON Lines with the fields of {@code POST /api/v1/consents}. Every request gets the import's entity
 * and the channel {@code import}; what cannot be read is reported with its line number, and the reading goes on so
 * that one pass reports every bad line.
 *
 * <p>Line numbers are the file's: in a CSV file the header is line 1 and a record counts as one line (a quoted value
 * that spans lines is not expected in these files).
 */
final class ImportLines {
    /** The columns a CSV file may have, in the documented order. */
    static final List<String> COLUMNS = List.of(
            "scheme",
            "value",
            "purpose",
            "action",
            "noticeVersion",
            "clientTime",
            "dataCategories",
            "recipient",
            "idempotencyKey",
            "page",
            "promptId",
            "deviceId");

    /** The columns every CSV file must have. */
    static final Set<String> REQUIRED = Set.of("scheme", "value", "purpose", "action", "noticeVersion");

    private static final CSVFormat CSV = CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(false)
            .get();

    private static final String CHANNEL = Channel.IMPORT.key();

    private ImportLines() {}

    /** The formats of an import file. */
    enum Format {
        CSV("csv"),
        JSONL("jsonl");

        private final String key;

        Format(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /**
     * One line of the file: the request it holds, or why it could not be read.
     *
     * @param number the line number, from 1
     * @param request the request, null when the line could not be read
     * @param errors what could not be read, each field named {@code line N: field}
     */
    record Line(int number, @Nullable ConsentRequest request, List<FieldError> errors) {
        Line {
            errors = List.copyOf(errors);
        }

        static String field(int number, String field) {
            return "line " + number + ": " + field;
        }
    }

    /**
     * Reads every line and hands each to {@code sink}, in file order.
     *
     * @throws InvalidInputException when a CSV file's header is missing or names unknown columns
     * @throws UncheckedIOException when the file cannot be read
     */
    static void read(Format format, Reader reader, String entityCode, ObjectMapper json, Consumer<Line> sink) {
        if (format == Format.CSV) {
            readCsv(reader, entityCode, sink);
        } else {
            readJsonLines(reader, entityCode, json, sink);
        }
    }

    private static void readCsv(Reader reader, String entityCode, Consumer<Line> sink) {
        try (CSVParser parser = CSVParser.parse(reader, CSV)) {
            List<String> header = parser.getHeaderNames();
            checkHeader(header);
            for (CSVRecord record : parser) {
                int number = Math.toIntExact(record.getRecordNumber() + 1);
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                if (!record.isConsistent()) {
                    sink.accept(new Line(
                            number,
                            null,
                            List.of(new FieldError(
                                    Line.field(number, "columns"),
                                    "has " + record.size() + " values, the header " + header.size()))));
                    continue;
                }
                sink.accept(csvLine(number, record, entityCode));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Commons CSV's word for a malformed file (a duplicate header, an unclosed quote).
            throw InvalidInputException.of("file", "is not a CSV file this import reads: " + e.getMessage());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof org.apache.commons.csv.CSVException csv) {
                throw InvalidInputException.of("file", "is not a CSV file this import reads: " + csv.getMessage());
            }
            throw e;
        }
    }

    private static void checkHeader(List<String> header) {
        List<FieldError> errors = new ArrayList<>();
        for (String column : header) {
            if (!COLUMNS.contains(column)) {
                errors.add(new FieldError(
                        Line.field(1, column),
                        "is not a column of a consent import; use " + String.join(",", COLUMNS)));
            }
        }
        for (String column : REQUIRED) {
            if (!header.contains(column)) {
                errors.add(new FieldError(Line.field(1, column), "the header must name this column"));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparing(FieldError::field));
            throw new InvalidInputException("The CSV file's header row is not a consent import's", errors);
        }
    }

    /** One CSV record as a request; package-private for tests. */
    static Line csvLine(int number, CSVRecord record, String entityCode) {
        List<FieldError> errors = new ArrayList<>();
        @Nullable Integer version = null;
        @Nullable String versionText = value(record, "noticeVersion");
        if (versionText != null) {
            try {
                version = Integer.valueOf(versionText);
            } catch (NumberFormatException e) {
                errors.add(new FieldError(
                        Line.field(number, "noticeVersion"), "'" + versionText + "' is not a whole number"));
            }
        }
        @Nullable String categories = value(record, "dataCategories");
        @Nullable String page = value(record, "page");
        @Nullable String promptId = value(record, "promptId");
        @Nullable String deviceId = value(record, "deviceId");
        ConsentRequest request = new ConsentRequest(
                new ConsentRequest.Subject(value(record, "scheme"), value(record, "value")),
                entityCode,
                value(record, "purpose"),
                value(record, "action"),
                version,
                CHANNEL,
                page == null && promptId == null && deviceId == null
                        ? null
                        : new ConsentRequest.Context(page, promptId, deviceId),
                value(record, "clientTime"),
                categories == null
                        ? null
                        : Arrays.stream(categories.split("\\|"))
                                .map(String::strip)
                                .filter(category -> !category.isEmpty())
                                .toList(),
                value(record, "recipient"),
                null,
                value(record, "idempotencyKey"),
                null);
        return new Line(number, errors.isEmpty() ? request : null, errors);
    }

    private static @Nullable String value(CSVRecord record, String column) {
        if (!record.isMapped(column)) {
            return null;
        }
        String value = record.get(column);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void readJsonLines(Reader reader, String entityCode, ObjectMapper json, Consumer<Line> sink) {
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        try {
            int number = 0;
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                number++;
                if (!text.isBlank()) {
                    sink.accept(jsonLine(number, text, entityCode, json));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON line as a request; package-private for tests. */
    static Line jsonLine(int number, String text, String entityCode, ObjectMapper json) {
        ConsentRequest request;
        try {
            request = json.readValue(text, ConsentRequest.class);
        } catch (JacksonException e) {
            return new Line(
                    number,
                    null,
                    List.of(new FieldError(
                            Line.field(number, "json"),
                            "is not a consent as JSON: "
                                    + e.getOriginalMessage().lines().findFirst().orElse("unreadable"))));
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.entity() != null && !request.entity().strip().equalsIgnoreCase(entityCode)) {
            errors.add(new FieldError(
                    Line.field(number, "entity"),
                    "the file is imported into " + entityCode + "; leave entity out or name " + entityCode));
        }
        if (request.channel() != null
                && !request.channel().strip().toLowerCase(Locale.ROOT).equals(CHANNEL)) {
            errors.add(new FieldError(
                    Line.field(number, "channel"),
                    "imported choices are recorded on the channel " + CHANNEL + "; leave channel out"));
        }
        if (!errors.isEmpty()) {
            return new Line(number, null, errors);
        }
        return new Line(
                number,
                new ConsentRequest(
                        request.subject(),
                        entityCode,
                        request.purpose(),
                        request.action(),
                        request.noticeVersion(),
                        CHANNEL,
                        request.context(),
                        request.clientTime(),
                        request.dataCategories(),
                        request.recipient(),
                        request.agent(),
                        request.idempotencyKey(),
                        null),
                List.of());
    }

    /** The names of the formats, for messages. */
    static String formats() {
        return Arrays.stream(Format.values()).map(Format::key).collect(Collectors.joining(", "));
    }
}
