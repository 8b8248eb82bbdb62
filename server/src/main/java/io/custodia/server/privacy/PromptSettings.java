package io.custodia.server.privacy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The consent prompt's settings per entity (table {@code privacy_prompt}, V21): the web sites allowed to call the
 * prompt's endpoints, and whether and how the prompt speaks IAB TCF. An entity without a row has no site allowed (only
 * pages of Custodia's own origin may use the prompt) and no TCF.
 */
@Component
class PromptSettings {
    /** The highest TCF purpose id (TCF v2.2: purposes 1 to 11). */
    static final int TCF_PURPOSES = 11;

    private static final TypeReference<Map<String, List<Integer>>> PURPOSE_MAP = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> VENDOR_MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final Entities entities;
    private final Staff staff;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Clock clock;

    PromptSettings(JdbcClient jdbc, Entities entities, Staff staff, AuditTrail audit, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.entities = entities;
        this.staff = staff;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /**
     * One entity's settings.
     *
     * @param siteOrigins the origins ({@code https://shop.example}) whose pages may call the prompt's endpoints
     * @param tcfEnabled whether the prompt builds a TC string and answers {@code __tcfapi}
     * @param tcfPurposes for each Custodia purpose key, the TCF purposes (1 to 11) it stands for
     * @param tcfVendors for each TCF vendor id, the Custodia purposes that must all be granted for its consent
     */
    record Settings(
            List<String> siteOrigins,
            boolean tcfEnabled,
            Map<String, List<Integer>> tcfPurposes,
            Map<String, List<String>> tcfVendors) {
        Settings {
            siteOrigins = List.copyOf(siteOrigins);
            tcfPurposes = Collections.unmodifiableMap(new TreeMap<>(tcfPurposes));
            tcfVendors = Collections.unmodifiableMap(new TreeMap<>(tcfVendors));
        }

        static final Settings NONE = new Settings(List.of(), false, Map.of(), Map.of());
    }

    /** The entity's settings, {@link Settings#NONE} when none were saved. Checks no permission: the prompt reads it. */
    Settings of(String entityCode) {
        return jdbc.sql("""
                        select site_origins, tcf_enabled, tcf_purposes::text as purposes, tcf_vendors::text as vendors
                        from privacy_prompt where entity_code = ?""")
                .param(entityCode)
                .query((row, number) -> new Settings(
                        strings(row.getArray("site_origins")),
                        row.getBoolean("tcf_enabled"),
                        json.readValue(row.getString("purposes"), PURPOSE_MAP),
                        json.readValue(row.getString("vendors"), VENDOR_MAP)))
                .optional()
                .orElse(Settings.NONE);
    }

    /** The settings of an entity the caller may see. */
    @PreAuthorize("hasAuthority('" + Staff.AUTHORITY + "')")
    Settings read(String entityCode) {
        return of(entities.visible(entityCode).code());
    }

    /**
     * Replaces an entity's settings, audited as {@code privacy.prompt_configured}.
     *
     * @throws InvalidInputException naming every bad origin, purpose or TCF id; nothing is stored
     */
    @PreAuthorize("hasAnyRole('DPO','PRIVACY_OFFICER')")
    @Transactional
    Settings save(String entityCode, Settings wanted) {
        GroupEntity entity = entities.visible(entityCode);
        List<FieldError> errors = new ArrayList<>();
        Set<String> origins = new LinkedHashSet<>();
        for (int index = 0; index < wanted.siteOrigins().size(); index++) {
            String origin = origin(wanted.siteOrigins().get(index));
            if (origin == null) {
                errors.add(new FieldError(
                        "siteOrigins[" + index + "]",
                        "an origin is a scheme (http or https), a host and an optional port, such as"
                                + " https://shop.example, with no path"));
            } else {
                origins.add(origin);
            }
        }
        wanted.tcfPurposes().forEach((purpose, ids) -> {
            checkPurpose("tcfPurposes." + purpose, purpose, errors);
            for (Integer id : ids) {
                if (id == null || id < 1 || id > TCF_PURPOSES) {
                    errors.add(
                            new FieldError("tcfPurposes." + purpose, "TCF purposes are numbered 1 to " + TCF_PURPOSES));
                }
            }
        });
        wanted.tcfVendors().forEach((vendor, purposes) -> {
            if (!vendor.matches("[1-9][0-9]{0,5}")) {
                errors.add(new FieldError("tcfVendors." + vendor, "a TCF vendor id is a positive number"));
            }
            if (purposes.isEmpty()) {
                errors.add(new FieldError("tcfVendors." + vendor, "name the purposes the vendor's consent needs"));
            }
            purposes.forEach(purpose -> checkPurpose("tcfVendors." + vendor, purpose, errors));
        });
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The prompt's settings are not valid; nothing was changed", errors);
        }
        Map<String, List<Integer>> purposes = new TreeMap<>();
        wanted.tcfPurposes().forEach((purpose, ids) -> purposes.put(purpose, List.copyOf(new TreeSet<>(ids))));
        Settings saved = new Settings(List.copyOf(origins), wanted.tcfEnabled(), purposes, wanted.tcfVendors());
        jdbc.sql("""
                        insert into privacy_prompt (entity_code, site_origins, tcf_enabled, tcf_purposes, tcf_vendors,
                                                    updated_at)
                        values (:entity, :origins, :tcf, cast(:purposes as jsonb), cast(:vendors as jsonb), :now)
                        on conflict (entity_code) do update set site_origins = excluded.site_origins,
                            tcf_enabled = excluded.tcf_enabled, tcf_purposes = excluded.tcf_purposes,
                            tcf_vendors = excluded.tcf_vendors, updated_at = excluded.updated_at""")
                .param("entity", entity.code())
                .param("origins", saved.siteOrigins().toArray(String[]::new))
                .param("tcf", saved.tcfEnabled())
                .param("purposes", json.writeValueAsString(saved.tcfPurposes()))
                .param("vendors", json.writeValueAsString(saved.tcfVendors()))
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
        audit.record(staff.actor(), "privacy.prompt_configured", "privacy_prompt", entity.code(), entity.code(), saved);
        return saved;
    }

    /** The origin in its canonical form (lower case, no default port), or null when it is not one. */
    static @Nullable String origin(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String path = Objects.requireNonNullElse(uri.getRawPath(), "");
            if (!(scheme.equals("https") || scheme.equals("http"))
                    || uri.getHost() == null
                    || uri.getRawUserInfo() != null
                    || !(path.isEmpty() || path.equals("/"))
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") ? port == 443 : port == 80);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void checkPurpose(String field, String purpose, List<FieldError> errors) {
        if (!TermKey.isValid(purpose)) {
            errors.add(new FieldError(field, "not a purpose key: " + purpose));
        }
    }

    private static List<String> strings(@Nullable Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
