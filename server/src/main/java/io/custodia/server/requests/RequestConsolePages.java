package io.custodia.server.requests;

import io.custodia.core.InvalidInputException;
import io.custodia.core.jurisdiction.DueDate;
import io.custodia.core.jurisdiction.LegalClock;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's requests pages: the SLA view (what is due and overdue in each entity, sortable, with the
 * time-to-complete chart), and one request's tasks and timeline for the DPO, with the forms that extend it and
 * complete or retry its tasks.
 */
@Controller
class RequestConsolePages {
    private static final int LIMIT = 500;

    private final DataRequests requests;
    private final Entities entities;
    private final Staff staff;

    RequestConsolePages(DataRequests requests, Entities entities, Staff staff) {
        this.requests = requests;
        this.entities = entities;
        this.staff = staff;
    }

    /**
     * An open request as the SLA view shows it.
     *
     * @param daysLeft whole days from today to the due date in the entity's zone; negative once overdue
     */
    record SlaRow(RequestView request, long daysLeft) {}

    /** One entity's open requests counted. */
    record Summary(String entity, String name, long open, long overdue, long dueWithinWeek) {}

    @GetMapping("/console/requests")
    String sla(
            @RequestParam(required = false) @Nullable String entity,
            @RequestParam(defaultValue = "due") String sort,
            @RequestParam(defaultValue = "asc") String dir,
            Model model) {
        String only = entity == null || entity.isBlank() ? null : entity;
        List<RequestView> open = requests.list(only, true, LIMIT);
        Map<String, LocalDate> today = new HashMap<>();
        List<SlaRow> rows = new ArrayList<>();
        for (RequestView request : open) {
            LocalDate day = today.computeIfAbsent(
                    request.entity(), code -> requests.legalClock(code).today());
            rows.add(new SlaRow(request, ChronoUnit.DAYS.between(day, request.dueOn())));
        }
        Comparator<SlaRow> order =
                switch (sort) {
                    case "entity" ->
                        Comparator.comparing((SlaRow row) -> row.request().entity());
                    case "type" ->
                        Comparator.comparing((SlaRow row) -> row.request().type());
                    case "status" ->
                        Comparator.comparing((SlaRow row) -> row.request().status());
                    case "received" ->
                        Comparator.comparing((SlaRow row) -> row.request().receivedAt());
                    default ->
                        Comparator.comparing((SlaRow row) -> row.request().dueOn());
                };
        order = order.thenComparing(row -> row.request().receivedAt());
        rows.sort(dir.equals("desc") ? order.reversed() : order);
        List<Summary> summaries = new ArrayList<>();
        for (GroupEntity group : entities.all()) {
            if (!staff.scope().includes(group.code()) || (only != null && !only.equals(group.code()))) {
                continue;
            }
            List<SlaRow> of = rows.stream()
                    .filter(row -> row.request().entity().equals(group.code()))
                    .toList();
            summaries.add(new Summary(
                    group.code(),
                    group.name(),
                    of.size(),
                    of.stream().filter(row -> row.daysLeft() < 0).count(),
                    of.stream()
                            .filter(row -> row.daysLeft() >= 0 && row.daysLeft() <= 7)
                            .count()));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("summaries", summaries);
        model.addAttribute("sort", sort);
        model.addAttribute("dir", dir);
        model.addAttribute("entity", only);
        model.addAttribute("chart", TimeToComplete.of(requests.completed(only)));
        return "requests/console-list";
    }

    @GetMapping("/console/requests/{id}")
    String detail(@PathVariable UUID id, Model model) {
        RequestView request = requests.get(id);
        LegalClock clock = requests.legalClock(request.entity());
        model.addAttribute("request", request);
        model.addAttribute("overdue", request.open() && clock.isOverdue(new DueDate(request.dueOn(), clock.zone())));
        return "requests/console-detail";
    }

    @PostMapping("/console/requests/{id}/extension")
    String extend(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        try {
            requests.extend(id, reason);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", message(e));
        }
        return "redirect:/console/requests/" + id;
    }

    @PostMapping("/console/requests/{id}/tasks/{taskId}/complete")
    String complete(
            @PathVariable UUID id,
            @PathVariable UUID taskId,
            @RequestParam(defaultValue = "") String note,
            RedirectAttributes redirect) {
        try {
            requests.completeManualTask(id, taskId, note);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", message(e));
        }
        return "redirect:/console/requests/" + id;
    }

    @PostMapping("/console/requests/{id}/tasks/{taskId}/retry")
    String retry(@PathVariable UUID id, @PathVariable UUID taskId, RedirectAttributes redirect) {
        try {
            requests.retryTask(id, taskId);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", message(e));
        }
        return "redirect:/console/requests/" + id;
    }

    private static String message(InvalidInputException e) {
        return e.errors().isEmpty()
                ? Objects.requireNonNullElse(e.getMessage(), "")
                : e.errors().get(0).message();
    }
}
