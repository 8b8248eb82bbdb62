package io.custodia.server.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import io.custodia.server.identity.StaffMember;
import io.custodia.server.notices.PublishedNotice;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The console's consent pages: find a customer by an identifier and see their state and timeline; and, for customer
 * care, record a choice the customer makes on the phone, after reading them the notice and confirming.
 *
 * <p>Identifiers travel in form posts, never in addresses, so that they stay out of browser histories and server
 * logs. Each recording form carries its own idempotency key, so submitting it twice records the choice once.
 */
@Controller
class ConsentPages {
    static final String PAGE = "consent/customer";
    static final String CONFIRM = "consent/confirm";
    private static final List<String> SCHEMES = List.of("customer_id", "email", "phone", "device_id");
    private final ConsentLedger ledger;
    private final Entities entities;
    private final Staff staff;
    private final Origins origins;
    private final MessageSource messages;

    ConsentPages(ConsentLedger ledger, Entities entities, Staff staff, Origins origins, MessageSource messages) {
        this.ledger = ledger;
        this.entities = entities;
        this.staff = staff;
        this.origins = origins;
        this.messages = messages;
    }

    /** The customer looked up, as the forms carry it. */
    record Search(String entity, String scheme, String value) {
        static Search of(@Nullable String entity, @Nullable String scheme, @Nullable String value) {
            return new Search(
                    entity == null ? "" : entity.strip(),
                    scheme == null ? "customer_id" : scheme,
                    value == null ? "" : value.strip());
        }
    }

    /** One row of the timeline, ready to show. */
    record Row(LedgerEntry entry, String time, @Nullable String clientTime, String noticeUrl) {}

    @GetMapping("/console/consents")
    String search(Model model) {
        List<GroupEntity> visible = entities.visible();
        return page(model, Search.of(visible.size() == 1 ? visible.get(0).code() : "", null, null), null, Map.of());
    }

    @PostMapping("/console/consents")
    String lookup(
            @RequestParam(required = false) @Nullable String entity,
            @RequestParam(required = false) @Nullable String scheme,
            @RequestParam(required = false) @Nullable String value,
            Model model) {
        Search search = Search.of(entity, scheme, value);
        Map<String, List<String>> errors = required(search);
        if (!errors.isEmpty()) {
            return page(model, search, null, errors);
        }
        try {
            return page(model, search, ledger.lookup(search.entity(), search.scheme(), search.value()), Map.of());
        } catch (InvalidInputException e) {
            return page(model, search, null, byField(e));
        }
    }

    @PostMapping("/console/consents/record")
    @PreAuthorize(ConsentLedger.WRITERS)
    String confirm(
            @RequestParam String entity,
            @RequestParam String scheme,
            @RequestParam String value,
            @RequestParam(required = false) @Nullable String purpose,
            @RequestParam(required = false) @Nullable String action,
            Model model) {
        Search search = Search.of(entity, scheme, value);
        Locale locale = LocaleContextHolder.getLocale();
        Optional<PurposeChoice> chosen = ledger.purposes(search.entity(), locale.getLanguage()).stream()
                .filter(choice -> choice.purpose().equals(purpose))
                .findFirst();
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (chosen.isEmpty()) {
            errors.put("purpose", List.of(message("consent.record.purpose.required")));
        } else if (action == null || !chosen.get().actions().contains(action)) {
            errors.put("action", List.of(message("consent.record.action.required")));
        } else if (chosen.get().notice() == null) {
            errors.put("purpose", List.of(message("consent.record.purpose.noNotice")));
        }
        if (!errors.isEmpty() || chosen.isEmpty() || action == null) {
            model.addAttribute("chosenPurpose", purpose);
            model.addAttribute("chosenAction", action);
            return page(model, search, ledger.lookup(search.entity(), search.scheme(), search.value()), errors);
        }
        PurposeChoice choice = chosen.get();
        PublishedNotice notice = choice.notice();
        model.addAttribute("search", search);
        model.addAttribute("choice", choice);
        model.addAttribute("action", action);
        model.addAttribute("notice", notice);
        model.addAttribute("text", notice == null ? null : notice.text(locale.getLanguage()));
        model.addAttribute("idempotencyKey", "console-" + UUID.randomUUID());
        model.addAttribute("entityName", entities.visible(search.entity()).name());
        return CONFIRM;
    }

    @PostMapping("/console/consents/record/confirm")
    @PreAuthorize(ConsentLedger.WRITERS)
    String record(
            @RequestParam String entity,
            @RequestParam String scheme,
            @RequestParam String value,
            @RequestParam String purpose,
            @RequestParam String action,
            @RequestParam int noticeVersion,
            @RequestParam String idempotencyKey,
            HttpServletRequest request,
            Model model) {
        Search search = Search.of(entity, scheme, value);
        ConsentRequest choice = new ConsentRequest(
                new ConsentRequest.Subject(search.scheme(), search.value()),
                search.entity(),
                purpose,
                action,
                noticeVersion,
                "call_center",
                null,
                null,
                null,
                null,
                null,
                idempotencyKey,
                null);
        try {
            RecordedConsent recorded = ledger.record(
                    choice,
                    origins.console(request, "POST /console/consents/record/confirm", LocaleContextHolder.getLocale()));
            model.addAttribute("recorded", recorded);
            model.addAttribute("recordedPurpose", purpose);
            model.addAttribute("recordedAction", action);
        } catch (InvalidInputException e) {
            return page(model, search, ledger.lookup(search.entity(), search.scheme(), search.value()), byField(e));
        }
        return page(model, search, ledger.lookup(search.entity(), search.scheme(), search.value()), Map.of());
    }

    @GetMapping("/console/consents/receipts/{eventId}")
    ResponseEntity<String> receipt(@PathVariable UUID eventId, HttpServletRequest request) {
        return ResponseEntity.ok()
                .contentType(ReceiptsApi.JOSE)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("consent-receipt-" + eventId + ".jws")
                                .build()
                                .toString())
                .body(ledger.receipt(eventId, origins.of(request, "GET /console/consents/receipts", false)));
    }

    /** A missing or foreign entity or receipt, shown like any missing page. */
    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String missing() {
        return "consent/missing";
    }

    private String page(Model model, Search search, @Nullable Lookup lookup, Map<String, List<String>> errors) {
        StaffMember member = staff.current();
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("entities", entities.visible());
        model.addAttribute("schemes", SCHEMES);
        model.addAttribute("search", search);
        model.addAttribute("errors", errors);
        model.addAttribute("lookup", lookup);
        boolean mayRecord = member.hasAny(ConsentLedger.RECORDERS);
        model.addAttribute("mayRecord", mayRecord);
        if (lookup != null) {
            GroupEntity entity = entities.visible(search.entity());
            ZoneId zone = entity.timeZone();
            DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                    .withLocale(locale)
                    .withZone(zone);
            model.addAttribute("entityName", entity.name());
            model.addAttribute("zone", zone.getId());
            List<Row> rows = new ArrayList<>();
            for (LedgerEntry entry : lookup.timeline()) {
                rows.add(
                        0,
                        new Row(
                                entry,
                                format.format(entry.serverTime()),
                                entry.clientTime() == null ? null : format.format(entry.clientTime()),
                                "/notices/" + entity.code() + "/" + entry.noticeKey() + "/" + entry.noticeVersion()
                                        + "?lang=" + entry.language()));
            }
            model.addAttribute("rows", rows);
            model.addAttribute("dates", dates(lookup, format));
            List<PurposeChoice> choices = ledger.purposes(entity.code(), locale.getLanguage());
            model.addAttribute("choices", mayRecord ? choices : List.of());
            Map<String, String> names = new LinkedHashMap<>();
            choices.forEach(choice -> names.put(choice.purpose(), choice.name()));
            model.addAttribute("names", names);
        }
        return PAGE;
    }

    /** The instants of the state table, formatted, by purpose then field. */
    private static Map<String, Map<String, String>> dates(Lookup lookup, DateTimeFormatter format) {
        Map<String, Map<String, String>> dates = new LinkedHashMap<>();
        for (PurposeState state : lookup.states()) {
            Map<String, String> fields = new LinkedHashMap<>();
            put(fields, "since", state.since(), format);
            put(fields, "expiresAt", state.expiresAt(), format);
            put(fields, "askAgainAfter", state.askAgainAfter(), format);
            dates.put(state.purpose(), fields);
        }
        return dates;
    }

    private static void put(
            Map<String, String> fields, String name, @Nullable Instant instant, DateTimeFormatter format) {
        if (instant != null) {
            fields.put(name, format.format(instant));
        }
    }

    private Map<String, List<String>> required(Search search) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (search.entity().isEmpty()) {
            errors.put("entity", List.of(message("consent.search.entity.required")));
        }
        if (search.value().isEmpty()) {
            errors.put("value", List.of(message("consent.search.value.required")));
        }
        return errors;
    }

    private static Map<String, List<String>> byField(InvalidInputException e) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (FieldError error : e.errors()) {
            String field = error.field().replace("subject.", "");
            errors.computeIfAbsent(field, key -> new ArrayList<>()).add(error.message());
        }
        return errors;
    }

    private String message(String key) {
        return messages.getMessage(key, null, LocaleContextHolder.getLocale());
    }
}
