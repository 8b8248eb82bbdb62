package io.custodia.server.requests;

import io.custodia.core.InvalidInputException;
import io.custodia.core.NotFoundException;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.privacy.PrivacyCenter;
import io.custodia.server.privacy.PrivacyCenter.SignedInCustomer;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The privacy center's requests pages ({@code /privacy/{entity}/requests}): the customer's requests with their status
 * and due date, a new request after a confirmation, a request's timeline in plain words, and the package to download
 * while it is kept. Every page works without JavaScript; everything is loaded by the signed-in customer's id.
 */
@Controller
class RequestPages {
    /** What a customer may ask from the privacy center. */
    static final List<String> TYPES = List.of("access", "rectification", "erasure", "restriction");

    /** The data categories a customer may ask to correct from the privacy center. */
    static final List<String> CORRECTABLE =
            List.of("user.name", "user.contact.email", "user.contact.phone_number", "user.contact.address");

    /** The timeline steps a customer sees; the rest (tasks, retries) is for staff. */
    static final Set<String> CUSTOMER_STEPS = Set.of(
            "received",
            "duplicate",
            "verification_sent",
            "verified",
            "refused",
            "planned",
            "extended",
            "customer_told",
            "package_ready",
            "package_deleted",
            "erased",
            "restricted",
            "objected",
            "completed");

    private final DataRequests requests;
    private final PrivacyCenter privacy;
    private final Entities entities;
    private final Duration retention;

    RequestPages(
            DataRequests requests,
            PrivacyCenter privacy,
            Entities entities,
            @Value("${custodia.requests.package-retention:P30D}") Duration retention) {
        this.requests = requests;
        this.privacy = privacy;
        this.entities = entities;
        this.retention = retention;
    }

    /** A request as the list shows it, with its dates written for the reader. */
    record Row(RequestView request, String received, String due) {}

    /** A step of the timeline, with its time written for the reader. */
    record Step(String kind, String time, String detail) {}

    @GetMapping("/privacy/{entity}/requests")
    String list(@PathVariable String entity, Model model) {
        Optional<SignedInCustomer> customer = privacy.signedIn(entity);
        if (customer.isEmpty()) {
            return "redirect:/privacy/" + entity + "/sign-in";
        }
        GroupEntity group = frame(model, customer.get());
        model.addAttribute(
                "rows",
                requests.customerRequests(customer.get()).stream()
                        .map(request -> new Row(request, date(request.receivedAt(), group), date(request.dueOn())))
                        .toList());
        model.addAttribute("types", TYPES);
        return "requests/customer-list";
    }

    @GetMapping("/privacy/{entity}/requests/new")
    String confirm(@PathVariable String entity, @RequestParam(defaultValue = "") String type, Model model) {
        Optional<SignedInCustomer> customer = privacy.signedIn(entity);
        if (customer.isEmpty()) {
            return "redirect:/privacy/" + entity + "/sign-in";
        }
        if (!TYPES.contains(type)) {
            return "redirect:/privacy/" + entity + "/requests";
        }
        frame(model, customer.get());
        model.addAttribute("type", type);
        model.addAttribute("categories", CORRECTABLE);
        model.addAttribute("retentionDays", retention.toDays());
        model.addAttribute("invalid", false);
        return "requests/customer-confirm";
    }

    @PostMapping("/privacy/{entity}/requests")
    String file(
            @PathVariable String entity,
            @RequestParam(defaultValue = "") String type,
            @RequestParam(defaultValue = "") String category,
            @RequestParam(defaultValue = "") String value,
            HttpServletResponse response,
            Model model) {
        Optional<SignedInCustomer> customer = privacy.signedIn(entity);
        if (customer.isEmpty()) {
            return "redirect:/privacy/" + entity + "/sign-in";
        }
        if (!TYPES.contains(type)) {
            return "redirect:/privacy/" + entity + "/requests";
        }
        Map<String, String> values = type.equals("rectification") && CORRECTABLE.contains(category)
                ? (value.isBlank() ? Map.of() : Map.of(category, value))
                : Map.of();
        try {
            RequestView filed = requests.fileForCustomer(customer.get(), type, values, language());
            return "redirect:/privacy/" + entity + "/requests/" + filed.id();
        } catch (InvalidInputException e) {
            frame(model, customer.get());
            model.addAttribute("type", type);
            model.addAttribute("categories", CORRECTABLE);
            model.addAttribute("retentionDays", retention.toDays());
            model.addAttribute("invalid", true);
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return "requests/customer-confirm";
        }
    }

    @GetMapping("/privacy/{entity}/requests/{id}")
    String detail(@PathVariable String entity, @PathVariable UUID id, Model model) {
        Optional<SignedInCustomer> customer = privacy.signedIn(entity);
        if (customer.isEmpty()) {
            return "redirect:/privacy/" + entity + "/sign-in";
        }
        GroupEntity group = frame(model, customer.get());
        RequestView request = requests.customerRequest(customer.get(), id);
        DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(LocaleContextHolder.getLocale())
                .withZone(group.timeZone());
        model.addAttribute("request", request);
        model.addAttribute("received", date(request.receivedAt(), group));
        model.addAttribute("due", date(request.dueOn()));
        Instant expiry = request.packageExpiresAt();
        model.addAttribute("packageUntil", expiry == null ? "" : date(expiry, group));
        model.addAttribute(
                "timeline",
                request.timeline().stream()
                        .filter(step -> CUSTOMER_STEPS.contains(step.kind()))
                        .map(step -> new Step(
                                step.kind(), format.format(step.at()), step.detail() == null ? "" : step.detail()))
                        .toList());
        return "requests/customer-detail";
    }

    @GetMapping("/privacy/{entity}/requests/{id}/package")
    ResponseEntity<String> download(
            @PathVariable String entity, @PathVariable UUID id, @RequestParam(defaultValue = "html") String format) {
        SignedInCustomer customer = privacy.signedIn(entity).orElseThrow(() -> new NotFoundException("No package"));
        return RequestsApi.download(requests.customerPackage(customer, id, RequestsApi.format(format)));
    }

    /** A request or package that is not the customer's, shown like any missing page. */
    @ExceptionHandler({NotFoundException.class, InvalidInputException.class})
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String missing() {
        return "privacy/missing";
    }

    private GroupEntity frame(Model model, SignedInCustomer customer) {
        GroupEntity group = entities.find(customer.entityCode())
                .orElseThrow(() -> new NotFoundException("No entity " + customer.entityCode()));
        model.addAttribute("company", group);
        model.addAttribute("customer", customer);
        model.addAttribute("section", "requests");
        return group;
    }

    private static String date(Instant at, GroupEntity group) {
        return date(LocalDate.ofInstant(at, group.timeZone()));
    }

    private static String date(LocalDate day) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                .withLocale(LocaleContextHolder.getLocale())
                .format(day);
    }

    private static String language() {
        return LocaleContextHolder.getLocale().getLanguage().toLowerCase(Locale.ROOT);
    }
}
