package io.custodia.server.console;

import io.custodia.server.entities.Entities;
import io.custodia.server.identity.Staff;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page and the console's home. */
@Controller
class ConsolePages {
    private final Staff staff;
    private final Entities entities;

    ConsolePages(Staff staff, Entities entities) {
        this.staff = staff;
        this.entities = entities;
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
        model.addAttribute("entities", entities.visible());
        return "console/home";
    }
}
