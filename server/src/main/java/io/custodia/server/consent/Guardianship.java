package io.custodia.server.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.consent.Actor;
import io.custodia.core.consent.ConsentAction;
import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.consent.ConsentRecordingRules;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.time.LocalDate;
import java.util.OptionalInt;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Applies the age of digital consent (GDPR Art. 8 and its equivalents) to the choices the ledger records: who the
 * actor of a choice made by a guardian is, and whether a grant for a child came from a holder of parental
 * responsibility.
 *
 * <p>Only what the company told Custodia counts: a customer whose age band is unknown is treated as an adult, and a
 * guardian must have been linked to the child beforehand, with how the responsibility was verified. A child may
 * refuse, withdraw or object alone.
 */
@Component
class Guardianship {
    private final Subjects subjects;

    Guardianship(Subjects subjects) {
        this.subjects = subjects;
    }

    /**
     * The actor of a choice: the guardian it names, as their internal subject id, or whoever the request made it.
     *
     * @throws InvalidInputException naming {@code guardian} when the guardian named is not a current guardian of the
     *     customer
     */
    Actor actor(Choice choice, UUID subjectId) {
        SubjectIdentifier guardian = choice.guardian();
        if (guardian == null) {
            return choice.actor();
        }
        return subjects.find(choice.context().code(), guardian)
                .filter(guardianId -> subjects.guardians(subjectId).stream()
                        .anyMatch(linked -> linked.guardianId().equals(guardianId)))
                .<Actor>map(guardianId -> Actor.guardian(guardianId.toString()))
                .orElseThrow(() -> InvalidInputException.of(
                        "guardian",
                        "this person is not linked to the customer as a holder of parental responsibility: link them"
                                + " first, saying how the responsibility was verified"));
    }

    /**
     * Checks that a grant for a customer under the entity's age of digital consent was given by a guardian.
     *
     * @throws InvalidInputException naming {@code guardian} when it was not
     */
    void check(ConsentEvent event, EntityContext context) {
        if (event.action() != ConsentAction.GRANTED) {
            return; // a child may refuse, withdraw or object alone
        }
        check(event, context, subjects.age(event.subjectId()));
    }

    /**
     * Checks that a grant for a customer under the entity's age of digital consent was given by a guardian, knowing
     * the customer's age band already; a customer registered by this very choice has none ({@code null}), and counts
     * as an adult.
     *
     * @throws InvalidInputException naming {@code guardian} when it was not
     */
    void check(ConsentEvent event, EntityContext context, Subjects.@Nullable Age known) {
        if (event.action() != ConsentAction.GRANTED || known == null) {
            return; // a child may refuse, withdraw or object alone
        }
        LocalDate today =
                LocalDate.ofInstant(event.serverTime(), context.entity().timeZone());
        OptionalInt age = known.minimumAgeOn(today);
        if (age.isEmpty()) {
            return;
        }
        try {
            ConsentRecordingRules.checkParentalConsent(event, age.getAsInt(), context.pack());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(
                    "The consent cannot be recorded",
                    e.errors().stream()
                            .map(error -> new FieldError("guardian", error.message()))
                            .toList());
        }
    }
}
