package io.custodia.server.privacy;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Sends sign-in codes through the company's SMTP server. Messages leave from one background thread, so that a sign-in
 * answers in the same time whether or not a message was sent (no timing tells whether the address is a customer's).
 */
final class SmtpCodeSender implements CodeSender {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpCodeSender.class);

    private final JavaMailSender mail;
    private final String from;
    private final ExecutorService outbox = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "custodia-sign-in-mail");
        thread.setDaemon(true);
        return thread;
    });

    SmtpCodeSender(JavaMailSender mail, String from) {
        this.mail = mail;
        this.from = from;
    }

    @Override
    public void send(SignInMessage message) {
        outbox.execute(() -> {
            SimpleMailMessage mailMessage = new SimpleMailMessage();
            mailMessage.setFrom(from);
            mailMessage.setTo(message.to());
            mailMessage.setSubject(message.subject());
            mailMessage.setText(message.text());
            try {
                mail.send(mailMessage);
            } catch (MailException e) {
                // Neither the address nor the code is logged.
                LOG.warn("A sign-in code could not be sent: {}", e.getClass().getSimpleName());
            }
        });
    }

    @PreDestroy
    void close() {
        outbox.shutdown();
    }
}
