package io.custodia.server.privacy;

import io.custodia.core.NotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * {@code /dev/mailbox}: the sign-in messages the development mailbox kept, newest first. Exists only when that mailbox
 * is the active {@link CodeSender} (no mail server, embedded database); otherwise the page is missing.
 */
@Controller
class DevelopmentMailboxPage {
    private final ObjectProvider<CodeSender> sender;

    DevelopmentMailboxPage(ObjectProvider<CodeSender> sender) {
        this.sender = sender;
    }

    @GetMapping("/dev/mailbox")
    String mailbox(Model model) {
        if (!(sender.getObject() instanceof DevelopmentMailbox mailbox)) {
            throw new NotFoundException("No development mailbox: a mail server is configured");
        }
        model.addAttribute("messages", mailbox.messages());
        return "privacy/mailbox";
    }

    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String missing() {
        return "privacy/missing";
    }
}
