package io.custodia.server.privacy;

/**
 * Delivers sign-in codes to customers. One bean is active: SMTP when {@code CUSTODIA_MAIL_HOST} is set, else, in the
 * embedded default, the {@link DevelopmentMailbox}.
 *
 * <p>Implementations must not block the request for long and must not log the message: it holds a code and an
 * address.
 */
public interface CodeSender {
    /** Sends one message; failures are reported by the implementation, never to the customer. */
    void send(SignInMessage message);
}
