package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.NotFoundException;
import io.custodia.core.consent.AgeBand;
import io.custodia.server.CustodiaTest;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Choices customers record themselves (the privacy center's path into the ledger): only their own, as themselves. */
class CustomerChoicesTest extends CustodiaTest {
    private static final Origin ORIGIN =
            new Origin("POST /privacy/FR/choices", false, "http://localhost", List.of(Locale.ENGLISH));

    @Autowired
    ConsentLedger ledger;

    @Autowired
    Subjects subjects;

    @Test
    void aCustomersOwnChoice_isRecordedWithTheCustomerAsActor() {
        String email = randomAddress();
        UUID subject = register(email);
        RecordedConsent recorded = ledger.recordForCustomer(subject, choice(email, null, null), ORIGIN);
        assertThat(recorded.state().status()).isEqualTo("granted");
        List<LedgerEntry> timeline = ledger.customerTimeline(subject);
        assertThat(timeline).hasSize(1);
        assertThat(timeline.get(0).by().type()).isEqualTo("customer");
        assertThat(timeline.get(0).channel()).isEqualTo("web");
        assertThat(ledger.customerReceipt(subject, timeline.get(0).eventId(), ORIGIN)
                        .split("\\."))
                .hasSize(3);
    }

    @Test
    void aChoiceForSomeoneElse_isRefused_andRecordsNothing() {
        String email = randomAddress();
        String other = randomAddress();
        UUID subject = register(email);
        register(other);
        assertThatThrownBy(() -> ledger.recordForCustomer(subject, choice(other, null, null), ORIGIN))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ledger.recordForCustomer(subject, choice(email, "agent.sn", null), ORIGIN))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ledger.recordForCustomer(
                        subject, choice(email, null, new ConsentRequest.Subject("email", other)), ORIGIN))
                .isInstanceOf(InvalidInputException.class);
        assertThat(ledger.customerTimeline(subject)).isEmpty();
    }

    private UUID register(String email) {
        return subjects.register(
                "system:test",
                new Subjects.NewSubject("FR", AgeBand.UNKNOWN, List.of(SubjectIdentifier.of("email", email))));
    }

    private static ConsentRequest choice(
            String email, @Nullable String agent, ConsentRequest.@Nullable Subject guardian) {
        return new ConsentRequest(
                new ConsentRequest.Subject("email", email),
                "FR",
                "marketing.personalised_offers",
                "granted",
                1,
                "web",
                new ConsentRequest.Context("/privacy/FR/choices", null, null),
                null,
                null,
                null,
                agent,
                UUID.randomUUID().toString(),
                guardian);
    }

    private static String randomAddress() {
        return "ledger." + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "@example.org";
    }
}
