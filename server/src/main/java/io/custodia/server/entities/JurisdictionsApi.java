package io.custodia.server.entities;

import io.custodia.core.InvalidInputException;
import io.custodia.core.jurisdiction.BreachNotice;
import io.custodia.core.jurisdiction.DueDate;
import io.custodia.core.jurisdiction.JurisdictionPack;
import io.custodia.core.jurisdiction.LegalClock;
import io.custodia.core.jurisdiction.NotificationDeadline;
import io.custodia.core.taxonomy.TermKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The jurisdiction packs, and the legal deadlines they give each entity. */
@RestController
@Tag(name = "Jurisdictions", description = "Jurisdiction packs and legal deadlines per entity")
class JurisdictionsApi {
    private final Entities entities;
    private final Clock clock;

    JurisdictionsApi(Entities entities, Clock clock) {
        this.entities = entities;
        this.clock = clock;
    }

    /** A pack as the API shows it. */
    record PackBody(
            String code,
            String name,
            String law,
            String authority,
            String authorityName,
            List<String> ancestors,
            String zone,
            int ageOfDigitalConsent,
            String requestDeadline,
            @Nullable String requestDeadlineExtension,
            List<NoticeBody> breachNotices,
            Set<String> formalities,
            String transfersOutsideAdequacy,
            GpcBody gpc,
            List<String> toConfirm) {

        static PackBody of(JurisdictionPack pack) {
            return new PackBody(
                    pack.code(),
                    pack.name(),
                    pack.law(),
                    pack.authority().code(),
                    pack.authority().name(),
                    pack.ancestors(),
                    pack.zone().getId(),
                    pack.ageOfDigitalConsent(),
                    pack.requestDeadline().period().toString(),
                    pack.requestDeadline().extendable()
                            ? pack.requestDeadline().extension().toString()
                            : null,
                    Arrays.stream(BreachNotice.values())
                            .map(notice -> NoticeBody.of(notice, pack.breach().deadlineFor(notice), null))
                            .toList(),
                    pack.formalities().stream()
                            .map(formality -> formality.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.toCollection(java.util.TreeSet::new)),
                    pack.transfers().otherwise().name().toLowerCase(Locale.ROOT),
                    new GpcBody(
                            pack.gpc().effect().key(),
                            pack.gpc().purposes().stream().map(TermKey::value).toList()),
                    pack.toConfirm());
        }
    }

    /** What a Global Privacy Control signal does: {@code objection} (opt-out of the purposes) or {@code none}. */
    record GpcBody(String effect, List<String> purposes) {}

    /**
     * One breach notice: to whom, the rule ({@code PT72H}, {@code without_undue_delay}, {@code immediately},
     * {@code none}) and, for a fixed duration after a given awareness time, the instant it is due.
     */
    record NoticeBody(String notice, String rule, @Nullable Instant dueAt) {
        static NoticeBody of(BreachNotice notice, NotificationDeadline deadline, @Nullable Instant awareness) {
            String rule;
            if (deadline instanceof NotificationDeadline.Within within) {
                rule = within.duration().toString();
            } else if (deadline instanceof NotificationDeadline.WithoutUndueDelay) {
                rule = "without_undue_delay";
            } else if (deadline instanceof NotificationDeadline.Immediately) {
                rule = "immediately";
            } else {
                rule = "none";
            }
            return new NoticeBody(
                    notice.name().toLowerCase(Locale.ROOT),
                    rule,
                    awareness == null ? null : deadline.dueAfter(awareness).orElse(null));
        }
    }

    /** The deadlines an entity's jurisdiction gives for a request received, or a breach known, at one instant. */
    record ClockBody(
            String entity,
            String jurisdiction,
            Instant at,
            LocalDate receiptDate,
            LocalDate requestDueDate,
            Instant requestDueAt,
            @Nullable LocalDate extendedRequestDueDate,
            List<NoticeBody> breachNotices) {}

    @GetMapping("/api/v1/jurisdictions")
    @Operation(summary = "The jurisdiction packs in force")
    List<PackBody> packs() {
        return entities.jurisdictions().all().stream().map(PackBody::of).toList();
    }

    @GetMapping("/api/v1/jurisdictions/{code}")
    @Operation(summary = "One jurisdiction pack")
    PackBody pack(@PathVariable String code) {
        return PackBody.of(entities.jurisdictions().get(code));
    }

    @GetMapping("/api/v1/entities/{code}/deadlines")
    @Operation(
            summary = "Legal deadlines of an entity",
            description = "The due date of a data-subject request received at `at` (default now), counted in the"
                    + " entity's time zone by its jurisdiction's rule, and the breach notices due after awareness"
                    + " at `at`.")
    ClockBody deadlines(@PathVariable String code, @RequestParam(required = false) @Nullable String at) {
        GroupEntity entity = entities.visible(code);
        Instant instant = parseInstant(at);
        LegalClock legalClock = entities.legalClock(entity);
        JurisdictionPack pack = legalClock.pack();
        DueDate due = legalClock.requestDueDate(instant);
        return new ClockBody(
                entity.code(),
                pack.code(),
                instant,
                legalClock.receiptDate(instant),
                due.date(),
                due.endOfDay(),
                pack.requestDeadline().extendable()
                        ? legalClock.extendedRequestDueDate(instant).date()
                        : null,
                Arrays.stream(BreachNotice.values())
                        .map(notice -> NoticeBody.of(notice, pack.breach().deadlineFor(notice), instant))
                        .toList());
    }

    private Instant parseInstant(@Nullable String at) {
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw InvalidInputException.of("at", "must be an ISO-8601 instant such as 2027-01-31T09:00:00Z");
        }
    }
}
