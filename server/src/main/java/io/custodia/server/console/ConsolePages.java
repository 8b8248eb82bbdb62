package io.custodia.server.console;

import io.custodia.server.entities.Entities;
import io.custodia.server.identity.Staff;
import io.custodia.server.register.ActivityFilter;
import io.custodia.server.register.Register;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.ObjectMapper;

/** The sign-in page and the console's home. */
@Controller
class ConsolePages {
    private final Staff staff;
    private final Entities entities;
    private final Register register;
    private final ObjectMapper json;

    ConsolePages(Staff staff, Entities entities, Register register, ObjectMapper json) {
        this.staff = staff;
        this.entities = entities;
        this.register = register;
        this.json = json;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    @GetMapping("/console")
    String home(Model model) {
        model.addAttribute("member", staff.current());
        var visible = entities.visible();
        var overview = RegisterOverview.of(visible, register.activities(ActivityFilter.all()));
        model.addAttribute("entities", visible);
        model.addAttribute("overview", overview);
        model.addAttribute("activityCount", overview.total());
        model.addAttribute("statuses", RegisterOverview.STATUSES);
        // Read by static/js/console-home.js; a JSON data block is not executed, so the strict CSP holds.
        model.addAttribute("overviewJson", json.writeValueAsString(overview));
        return "console/home";
    }
}
