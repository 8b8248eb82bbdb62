package io.custodia.server.privacy;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The privacy center's facade: who is signed in to an entity's privacy center, and the one-time codes of the sign-in,
 * lent to features that must check that a person holds an address (a data-subject request received by e-mail).
 *
 * <p>Codes lent this way follow the sign-in's rules exactly ({@link SignInCodes}: single use, {@link #CODE_VALIDITY},
 * a few tries) and its rate limit per address ({@link RateLimits}); an address that names no customer gets a challenge
 * that no code passes, so that nothing a caller sees tells whether the person is a customer.
 */
@Component
public class PrivacyCenter {
    /** How long a code stays valid. */
    public static final Duration CODE_VALIDITY = SignInCodes.VALIDITY;

    private final SignInCodes codes;
    private final RateLimits limits;
    private final CodeSender sender;

    PrivacyCenter(SignInCodes codes, RateLimits limits, CodeSender sender) {
        this.codes = codes;
        this.limits = limits;
        this.sender = sender;
    }

    /**
     * A customer signed in to an entity's privacy center.
     *
     * @param entityCode the entity
     * @param subjectId the customer's internal id, verified by their sign-in
     * @param email the identifier they signed in with: the address a code was sent to, or what the company's identity
     *     provider vouched for
     * @param scheme that identifier's scheme ({@code email}; {@code phone} or {@code customer_id} from a provider)
     */
    public record SignedInCustomer(String entityCode, UUID subjectId, String email, String scheme) {}

    /** The customer of the current request, when they signed in to this entity's privacy center. */
    public Optional<SignedInCustomer> signedIn(String entityCode) {
        return Customer.current(entityCode)
                .map(customer -> new SignedInCustomer(
                        customer.entityCode(), customer.subjectId(), customer.email(), customer.scheme()));
    }

    /**
     * Starts a challenge for an address of an entity and sends its code there when the address names a customer.
     *
     * @param subjectId the customer the address names, or null when it names no one: the challenge is made all the
     *     same, and nothing is sent
     * @param message writes the message from the code; it must not be logged
     * @return the challenge's id, or empty when the address asked for too many codes lately (nothing is sent)
     */
    public Optional<UUID> sendCode(
            String entityCode, @Nullable UUID subjectId, String address, Function<String, SignInMessage> message) {
        if (!limits.allow(RateLimits.Limit.CODES_PER_ADDRESS, entityCode + "\u0000" + address)) {
            return Optional.empty();
        }
        SignInCodes.Issued issued = codes.start(entityCode, subjectId);
        if (subjectId != null) {
            sender.send(message.apply(issued.code()));
        }
        return Optional.of(issued.id());
    }

    /**
     * Sends a message to a customer through the same channel as the codes (the development mailbox in the embedded
     * default), such as the notice that a request's deadline was extended. It must not be logged.
     */
    public void tell(SignInMessage message) {
        sender.send(message);
    }

    /** What a try of a lent code gave. */
    public sealed interface CodeCheck {
        /** The code was right and is now used up; the address is the customer's. */
        record Passed(UUID subjectId) implements CodeCheck {}

        /** The code was wrong; this many tries are left. */
        record Wrong(int attemptsLeft) implements CodeCheck {}

        /** No try is possible any more (expired, used, out of tries, or unknown): a new code is needed. */
        record Over() implements CodeCheck {}
    }

    /**
     * Tries a code against a challenge that {@link #sendCode} started; every try counts.
     *
     * @param auditAction the audit log's name of what a right code proves, such as {@code request.verified}
     */
    public CodeCheck checkCode(UUID challengeId, String entityCode, String code, String auditAction) {
        SignInCodes.Outcome outcome =
                codes.attempt(challengeId, entityCode, code.replaceAll("[\\s-]", ""), auditAction);
        if (outcome instanceof SignInCodes.Outcome.SignedIn signedIn) {
            return new CodeCheck.Passed(signedIn.subjectId());
        }
        if (outcome instanceof SignInCodes.Outcome.Wrong wrong) {
            return new CodeCheck.Wrong(wrong.attemptsLeft());
        }
        return new CodeCheck.Over();
    }
}
