package io.custodia.server.privacy;

/**
 * A message that carries a sign-in code.
 *
 * @param to the e-mail address (or, for an {@link SmsSender}, the phone number) it goes to
 * @param subject the subject line; ignored by text messages
 * @param text the plain text, holding the code
 */
public record SignInMessage(String to, String subject, String text) {}
