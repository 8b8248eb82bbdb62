package io.custodia.core.jurisdiction;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.taxonomy.TermKey;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns a pack tree into a {@link JurisdictionPack}, collecting every broken rule before it throws.
 *
 * <p>It runs in two modes. On a single file it checks only the values present, because a pack that extends
 * another, or an override, legitimately leaves fields out; that way a bad value is reported against the file that
 * holds it. On a resolved tree it also requires every field.
 */
final class PackDecoder {

    static final String CODE = "code";
    static final String NAME = "name";
    static final String EXTENDS = "extends";

    private static final String ROOT = "";
    private static final String ADEQUATE_ITEM = "transfers.adequate[]";

    /** The fields each mapping may hold, by its path; anything else is a typo worth reporting. */
    private static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry(
                    ROOT,
                    List.of(
                            CODE,
                            NAME,
                            EXTENDS,
                            "law",
                            "authority",
                            "zone",
                            "age_of_digital_consent",
                            "request_deadline",
                            "breach",
                            "formalities",
                            "transfers",
                            "calendar",
                            "gpc",
                            "to_confirm")),
            Map.entry("authority", List.of("code", "name")),
            Map.entry("request_deadline", List.of("period", "extension")),
            Map.entry("breach", List.of("authority", "authority_details", "subjects", "controller")),
            Map.entry("transfers", List.of("free_movement", "adequate", "otherwise")),
            Map.entry(ADEQUATE_ITEM, List.of("country", "condition")),
            Map.entry("calendar", List.of("weekend", "fixed_holidays", "movable_holidays")),
            Map.entry("gpc", List.of("effect", "purposes")));

    /** The paths {@code to_confirm} may name: every field that carries a legal figure. */
    static final Set<String> CONFIRMABLE = confirmableFields();

    private static final Pattern MONTH_DAY = Pattern.compile("\\d{2}-\\d{2}");
    private static final String DEADLINE_FORMS =
            "an ISO-8601 duration such as PT72H or P3D, or without_undue_delay, immediately or none";

    private final boolean complete;
    private final List<FieldError> errors = new ArrayList<>();

    private PackDecoder(boolean complete) {
        this.complete = complete;
    }

    /**
     * Checks the fields present in one file: their names, types and values. Returns the pack code, which every file
     * must state.
     *
     * @throws InvalidInputException naming the source and every bad field
     */
    static String checkFile(Map<String, Object> tree, String source) {
        PackDecoder decoder = new PackDecoder(false);
        decoder.pack(tree, List.of());
        @Nullable String code = decoder.requiredCode(tree);
        decoder.throwIfInvalid(source);
        return Objects.requireNonNull(code);
    }

    /**
     * Builds the pack from a resolved tree, which must have every field.
     *
     * @throws InvalidInputException naming the source and every missing or bad field
     */
    static JurisdictionPack decode(Map<String, Object> tree, List<String> ancestors, String source) {
        PackDecoder decoder = new PackDecoder(true);
        @Nullable JurisdictionPack pack = decoder.pack(tree, ancestors);
        decoder.throwIfInvalid(source);
        return Objects.requireNonNull(pack);
    }

    private void throwIfInvalid(String source) {
        if (!errors.isEmpty()) {
            throw PackYaml.invalid(source, errors);
        }
    }

    /** The code of a file; its value was already checked with the other fields. */
    private @Nullable String requiredCode(Map<String, Object> tree) {
        if (!tree.containsKey(CODE)) {
            error(CODE, "is missing; every pack file states the code of the pack it defines or overrides");
        }
        return tree.get(CODE) instanceof String code ? code : null;
    }

    private @Nullable JurisdictionPack pack(Map<String, Object> tree, List<String> ancestors) {
        checkFields(tree, ROOT);
        @Nullable String code = code(tree, CODE);
        @Nullable String name = text(tree, ROOT, NAME);
        code(tree, EXTENDS); // only checked here: JurisdictionPacks resolves it
        @Nullable String law = text(tree, ROOT, "law");
        JurisdictionPack.@Nullable Authority authority = authority(tree);
        @Nullable ZoneId zone = zone(tree);
        @Nullable Integer age = age(tree);
        @Nullable RequestDeadlineRule requestDeadline = requestDeadline(tree);
        @Nullable BreachRule breach = breach(tree);
        @Nullable List<Formality> formalities = list(tree, ROOT, "formalities", this::formality);
        @Nullable TransferRules transfers = transfers(tree);
        @Nullable HolidayCalendar calendar = calendar(tree);
        @Nullable GpcPolicy gpc = gpc(tree);
        @Nullable List<String> toConfirm = toConfirm(tree);
        if (!complete
                || !errors.isEmpty()
                || code == null
                || name == null
                || law == null
                || authority == null
                || zone == null
                || age == null
                || requestDeadline == null
                || breach == null
                || formalities == null
                || transfers == null
                || calendar == null
                || gpc == null) {
            return null;
        }
        List<String> marked = toConfirm == null ? List.of() : toConfirm;
        return build(() -> new JurisdictionPack(
                code,
                name,
                law,
                authority,
                ancestors,
                zone,
                age,
                requestDeadline,
                breach,
                Set.copyOf(formalities),
                transfers,
                calendar,
                gpc,
                marked));
    }

    private @Nullable String code(Map<String, Object> tree, String field) {
        @Nullable String code = field.equals(CODE) ? text(tree, ROOT, field) : optionalText(tree, field);
        if (code != null && !JurisdictionPack.CODE.matcher(code).matches()) {
            error(
                    field,
                    "a pack code is lower-case letters and digits joined by hyphens, such as eu-gdpr; got '" + code
                            + "'");
            return null;
        }
        return code;
    }

    private JurisdictionPack.@Nullable Authority authority(Map<String, Object> tree) {
        @Nullable Map<String, Object> authority = object(tree, ROOT, "authority");
        if (authority == null) {
            return null;
        }
        @Nullable String code = text(authority, "authority", "code");
        @Nullable String name = text(authority, "authority", "name");
        return code == null || name == null ? null : new JurisdictionPack.Authority(code, name);
    }

    private @Nullable ZoneId zone(Map<String, Object> tree) {
        @Nullable String zone = text(tree, ROOT, "zone");
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            error("zone", "not an IANA time zone such as Africa/Nairobi: '" + zone + "'");
            return null;
        }
    }

    private @Nullable Integer age(Map<String, Object> tree) {
        @Nullable Object value = value(tree, ROOT, "age_of_digital_consent");
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer age) || age < JurisdictionPack.MIN_AGE || age > JurisdictionPack.MAX_AGE) {
            error(
                    "age_of_digital_consent",
                    "expected a whole number of years from " + JurisdictionPack.MIN_AGE + " to "
                            + JurisdictionPack.MAX_AGE + ", got " + value);
            return null;
        }
        return age;
    }

    private @Nullable RequestDeadlineRule requestDeadline(Map<String, Object> tree) {
        @Nullable Map<String, Object> rule = object(tree, ROOT, "request_deadline");
        if (rule == null) {
            return null;
        }
        @Nullable Period period = period(rule, "period", false);
        @Nullable Period extension = period(rule, "extension", true);
        return period == null || extension == null ? null : build(() -> new RequestDeadlineRule(period, extension));
    }

    private @Nullable Period period(Map<String, Object> rule, String field, boolean noneAllowed) {
        String path = "request_deadline." + field;
        @Nullable String text = text(rule, "request_deadline", field);
        if (text == null) {
            return null;
        }
        if (noneAllowed && text.equals("none")) {
            return Period.ZERO;
        }
        String expected = "a calendar period such as P1M or P30D" + (noneAllowed ? ", or none" : "");
        try {
            Period period = Period.parse(text);
            if (RequestDeadlineRule.hasNegativePart(period) || (!noneAllowed && period.isZero())) {
                error(path, "expected " + expected + " greater than zero, got '" + text + "'");
                return null;
            }
            return period;
        } catch (DateTimeException e) {
            error(path, "expected " + expected + ", got '" + text + "'");
            return null;
        }
    }

    private @Nullable BreachRule breach(Map<String, Object> tree) {
        @Nullable Map<String, Object> rule = object(tree, ROOT, "breach");
        if (rule == null) {
            return null;
        }
        @Nullable NotificationDeadline authority = deadline(rule, "authority");
        @Nullable NotificationDeadline details = deadline(rule, "authority_details");
        @Nullable NotificationDeadline subjects = deadline(rule, "subjects");
        @Nullable NotificationDeadline controller = deadline(rule, "controller");
        return authority == null || details == null || subjects == null || controller == null
                ? null
                : new BreachRule(authority, details, subjects, controller);
    }

    private @Nullable NotificationDeadline deadline(Map<String, Object> rule, String field) {
        @Nullable String text = text(rule, "breach", field);
        if (text == null) {
            return null;
        }
        String path = "breach." + field;
        return switch (text) {
            case "without_undue_delay" -> new NotificationDeadline.WithoutUndueDelay();
            case "immediately" -> new NotificationDeadline.Immediately();
            case "none" -> new NotificationDeadline.NotRequired();
            default -> within(text, path);
        };
    }

    private NotificationDeadline.@Nullable Within within(String text, String path) {
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                error(path, "expected a duration greater than zero, got '" + text + "'");
                return null;
            }
            return new NotificationDeadline.Within(duration);
        } catch (DateTimeException e) {
            error(path, "expected " + DEADLINE_FORMS + ", got '" + text + "'");
            return null;
        }
    }

    private @Nullable Formality formality(Object item, String path) {
        return constant(item, path, Formality.class, Set.of(Formality.values()));
    }

    private @Nullable TransferRules transfers(Map<String, Object> tree) {
        @Nullable Map<String, Object> rules = object(tree, ROOT, "transfers");
        if (rules == null) {
            return null;
        }
        @Nullable List<String> freeMovement = list(rules, "transfers", "free_movement", this::country);
        @Nullable List<TransferRules.Adequacy> adequate = list(rules, "transfers", "adequate", this::adequacy);
        if (adequate != null) {
            duplicates(adequate, TransferRules.Adequacy::country, "transfers.adequate");
        }
        @Nullable Object otherwiseValue = value(rules, "transfers", "otherwise");
        TransferRules.@Nullable Requirement otherwise = otherwiseValue == null
                ? null
                : constant(
                        otherwiseValue,
                        "transfers.otherwise",
                        TransferRules.Requirement.class,
                        Set.of(
                                TransferRules.Requirement.SAFEGUARDS,
                                TransferRules.Requirement.AUTHORITY_AUTHORISATION));
        return freeMovement == null || adequate == null || otherwise == null
                ? null
                : build(() -> new TransferRules(Set.copyOf(freeMovement), adequate, otherwise));
    }

    private @Nullable String country(Object item, String path) {
        @Nullable String country = textValue(item, path);
        if (country != null && !TransferRules.isCountryCode(country)) {
            error(path, "not an ISO 3166-1 alpha-2 country code in capitals, such as KE: '" + country + "'");
            return null;
        }
        return country;
    }

    private TransferRules.@Nullable Adequacy adequacy(Object item, String path) {
        if (item instanceof String) {
            @Nullable String country = country(item, path);
            return country == null ? null : new TransferRules.Adequacy(country, null);
        }
        if (!(item instanceof Map<?, ?>)) {
            error(path, "expected a country code, or a mapping with country and condition");
            return null;
        }
        @SuppressWarnings("unchecked") // PackYaml gives every mapping string keys
        Map<String, Object> entry = (Map<String, Object>) item;
        checkFields(entry, ADEQUATE_ITEM, path);
        @Nullable Object countryValue = entry.get("country");
        if (countryValue == null) {
            error(path + ".country", "is missing");
            return null;
        }
        @Nullable String country = country(countryValue, path + ".country");
        @Nullable String condition = null;
        if (entry.containsKey("condition")) {
            @Nullable Object conditionValue = entry.get("condition");
            condition = conditionValue == null ? null : textValue(conditionValue, path + ".condition");
            if (condition == null) {
                error(path + ".condition", "give the condition in words, or remove the line");
            }
        }
        if (country == null) {
            return null;
        }
        return new TransferRules.Adequacy(country, condition);
    }

    private @Nullable HolidayCalendar calendar(Map<String, Object> tree) {
        @Nullable Map<String, Object> calendar = object(tree, ROOT, "calendar");
        if (calendar == null) {
            return null;
        }
        @Nullable List<DayOfWeek> weekend = list(calendar, "calendar", "weekend", this::dayOfWeek);
        @Nullable List<MonthDay> fixed = list(calendar, "calendar", "fixed_holidays", this::monthDay);
        @Nullable List<LocalDate> movable = list(calendar, "calendar", "movable_holidays", this::date);
        return weekend == null || fixed == null || movable == null
                ? null
                : build(() -> new HolidayCalendar(Set.copyOf(weekend), Set.copyOf(fixed), Set.copyOf(movable)));
    }

    /** The GPC policy; optional, so an absent one is {@link GpcPolicy#NONE} rather than an error. */
    private @Nullable GpcPolicy gpc(Map<String, Object> tree) {
        if (!tree.containsKey("gpc")) {
            return GpcPolicy.NONE;
        }
        @Nullable Map<String, Object> gpc = object(tree, ROOT, "gpc");
        if (gpc == null) {
            return null;
        }
        @Nullable Object effectValue = value(gpc, "gpc", "effect");
        GpcPolicy.@Nullable Effect effect = effectValue == null
                ? null
                : constant(effectValue, "gpc.effect", GpcPolicy.Effect.class, Set.of(GpcPolicy.Effect.values()));
        // A file may set the effect alone and inherit the purposes; only a resolved pack without any has none.
        @Nullable
        List<TermKey> purposes = gpc.containsKey("purposes")
                ? list(gpc, "gpc", "purposes", this::purposeKey)
                : complete ? List.of() : null;
        return effect == null || purposes == null ? null : build(() -> new GpcPolicy(effect, Set.copyOf(purposes)));
    }

    private @Nullable TermKey purposeKey(Object item, String path) {
        @Nullable String text = textValue(item, path);
        if (text != null && !TermKey.isValid(text)) {
            error(path, "not a purpose key such as marketing.partner_advertising: '" + text + "'");
            return null;
        }
        return text == null ? null : TermKey.of(text);
    }

    private @Nullable DayOfWeek dayOfWeek(Object item, String path) {
        @Nullable String text = textValue(item, path);
        if (text == null) {
            return null;
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().toLowerCase(Locale.ROOT).equals(text)) {
                return day;
            }
        }
        error(path, "expected a day in lower case, such as saturday; got '" + text + "'");
        return null;
    }

    private @Nullable MonthDay monthDay(Object item, String path) {
        @Nullable String text = textValue(item, path);
        if (text == null) {
            return null;
        }
        try {
            if (MONTH_DAY.matcher(text).matches()) {
                return MonthDay.parse("--" + text);
            }
        } catch (DateTimeException e) {
            // reported below, with the expected form
        }
        error(path, "expected a month and day as MM-DD, such as 12-25; got '" + text + "'");
        return null;
    }

    private @Nullable LocalDate date(Object item, String path) {
        @Nullable String text = textValue(item, path);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            error(path, "expected a date as YYYY-MM-DD, such as 2026-04-06; got '" + text + "'");
            return null;
        }
    }

    private @Nullable List<String> toConfirm(Map<String, Object> tree) {
        if (!tree.containsKey("to_confirm")) {
            return null;
        }
        return list(tree, ROOT, "to_confirm", (item, path) -> {
            @Nullable String field = textValue(item, path);
            if (field != null && !CONFIRMABLE.contains(field)) {
                error(path, "not a field with a legal figure: '" + field + "'; expected one of " + CONFIRMABLE);
                return null;
            }
            return field;
        });
    }

    // Generic readers. Each one reports what is wrong and returns null, so that decoding carries on and the author
    // sees every problem of the file at once.

    private void checkFields(Map<String, Object> map, String schemaPath) {
        checkFields(map, schemaPath, schemaPath);
    }

    private void checkFields(Map<String, Object> map, String schemaPath, String path) {
        List<String> allowed = Objects.requireNonNull(FIELDS.get(schemaPath));
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                error(join(path, key), "unknown field; expected one of " + allowed);
            }
        }
    }

    /** The value of a field, or null when it is absent (an error only on a resolved tree) or bad. */
    private @Nullable Object value(Map<String, Object> map, String parent, String key) {
        if (!map.containsKey(key)) {
            if (complete) {
                error(join(parent, key), "is missing");
            }
            return null;
        }
        @Nullable Object value = map.get(key);
        if (value == null) {
            error(join(parent, key), "has no value; give one, or remove the line to inherit it");
        }
        return value;
    }

    private @Nullable String text(Map<String, Object> map, String parent, String key) {
        @Nullable Object value = value(map, parent, key);
        return value == null ? null : textValue(value, join(parent, key));
    }

    private @Nullable String optionalText(Map<String, Object> map, String key) {
        return map.containsKey(key) ? text(map, ROOT, key) : null;
    }

    private @Nullable String textValue(Object value, String path) {
        if (value instanceof String text && !text.isBlank()) {
            return text.strip();
        }
        error(path, "expected text, got " + describe(value));
        return null;
    }

    private @Nullable Map<String, Object> object(Map<String, Object> map, String parent, String key) {
        @Nullable Object value = value(map, parent, key);
        if (value == null) {
            return null;
        }
        String path = join(parent, key);
        if (!(value instanceof Map<?, ?>)) {
            error(path, "expected a mapping with fields " + FIELDS.get(path) + ", got " + describe(value));
            return null;
        }
        @SuppressWarnings("unchecked") // PackYaml gives every mapping string keys
        Map<String, Object> object = (Map<String, Object>) value;
        checkFields(object, path);
        return object;
    }

    /** A list whose items all decode; null if the list or any item is bad, so nothing half-read is built. */
    private <T> @Nullable List<T> list(Map<String, Object> map, String parent, String key, ItemReader<T> reader) {
        @Nullable Object value = value(map, parent, key);
        if (value == null) {
            return null;
        }
        String path = join(parent, key);
        if (!(value instanceof List<?> items)) {
            error(path, "expected a list, such as [] when empty; got " + describe(value));
            return null;
        }
        List<T> result = new ArrayList<>(items.size());
        boolean allRead = true;
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            @Nullable Object item = items.get(i);
            @Nullable T read = item == null ? null : reader.read(item, itemPath);
            if (item == null) {
                error(itemPath, "empty list item");
            }
            if (read == null) {
                allRead = false;
            } else {
                result.add(read);
            }
        }
        duplicates(result, item -> item, path);
        return allRead ? result : null;
    }

    private <T> void duplicates(List<T> items, Function<? super T, ?> key, String path) {
        Set<Object> seen = new HashSet<>();
        Set<Object> repeated = new LinkedHashSet<>();
        for (T item : items) {
            if (!seen.add(key.apply(item))) {
                repeated.add(key.apply(item));
            }
        }
        if (!repeated.isEmpty()) {
            error(path, "listed more than once: " + repeated);
        }
    }

    private <E extends Enum<E>> @Nullable E constant(Object value, String path, Class<E> type, Set<E> allowed) {
        @Nullable String text = textValue(value, path);
        if (text == null) {
            return null;
        }
        for (E constant : allowed) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
                return constant;
            }
        }
        String names = Arrays.stream(type.getEnumConstants())
                .filter(allowed::contains)
                .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        error(path, "expected one of " + names + "; got '" + text + "'");
        return null;
    }

    /** Runs a record constructor, turning the invariant it enforces into one more reported error. */
    private <T> @Nullable T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return "'" + value + "'";
    }

    private static Set<String> confirmableFields() {
        SortedSet<String> fields = new TreeSet<>();
        for (String field : Objects.requireNonNull(FIELDS.get(ROOT))) {
            if (!List.of(CODE, NAME, EXTENDS, "to_confirm").contains(field)) {
                fields.add(field);
                for (String child : FIELDS.getOrDefault(field, List.of())) {
                    fields.add(field + "." + child);
                }
            }
        }
        return Collections.unmodifiableSortedSet(fields);
    }

    /** Reads one list item, or reports why it cannot and returns null. */
    @FunctionalInterface
    private interface ItemReader<T> {
        @Nullable
        T read(Object item, String path);
    }
}
