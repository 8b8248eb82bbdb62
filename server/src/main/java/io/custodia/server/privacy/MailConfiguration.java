package io.custodia.server.privacy;

import io.custodia.server.platform.CustodiaProperties;
import java.time.Clock;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Chooses how sign-in codes leave: the company's SMTP server when {@code CUSTODIA_MAIL_HOST} is set; else, in the
 * embedded default (no external database), the in-memory {@link DevelopmentMailbox}; else nothing is sent and a
 * warning says so at start, since an installation with its own database is not a development one.
 */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(MailConfiguration.class);

    @Bean
    CodeSender codeSender(
            CustodiaProperties properties,
            Clock clock,
            @Value("${custodia.mail.host:}") String host,
            @Value("${custodia.mail.port:587}") int port,
            @Value("${custodia.mail.user:}") String user,
            @Value("${custodia.mail.password:}") String password,
            @Value("${custodia.mail.from:privacy@localhost}") String from,
            @Value("${custodia.mail.starttls:true}") boolean starttls) {
        if (!host.isBlank()) {
            JavaMailSenderImpl mail = new JavaMailSenderImpl();
            mail.setHost(host.strip());
            mail.setPort(port);
            if (!user.isBlank()) {
                mail.setUsername(user);
                mail.setPassword(password);
            }
            Properties javaMail = mail.getJavaMailProperties();
            javaMail.put("mail.smtp.auth", Boolean.toString(!user.isBlank()));
            javaMail.put("mail.smtp.starttls.enable", Boolean.toString(starttls));
            javaMail.put("mail.smtp.connectiontimeout", "10000");
            javaMail.put("mail.smtp.timeout", "10000");
            javaMail.put("mail.smtp.writetimeout", "10000");
            return new SmtpCodeSender(mail, from);
        }
        if (properties.db().embedded()) {
            LOG.info("No mail server configured: sign-in codes go to the development mailbox at /dev/mailbox");
            return new DevelopmentMailbox(clock);
        }
        LOG.warn("No mail server configured (CUSTODIA_MAIL_HOST): customers cannot receive sign-in codes");
        return message -> {};
    }
}
