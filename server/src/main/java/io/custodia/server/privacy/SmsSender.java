package io.custodia.server.privacy;

/**
 * The extension point for sign-in codes by text message: a company that wants customers to sign in with their phone
 * number provides a bean of this type (its SMS gateway). Custodia ships none yet, and the sign-in page asks for an
 * e-mail address only; see docs/privacy-center.md.
 */
public interface SmsSender extends CodeSender {}
