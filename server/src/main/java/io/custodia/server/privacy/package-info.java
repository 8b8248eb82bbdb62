/**
 * The customers' privacy center ({@code /privacy/{entity}}): sign-in by a one-time code, what the company holds about
 * the customer and why, their choices (as the decision engine applies them), and the history of every choice with its
 * signed receipt. Customers are a principal of their own, kept in a session slot that the staff console and the API
 * never read. Facade: {@link
 * io.custodia.server.privacy.PrivacyCenter} (the signed-in customer, and one-time codes lent to other features).
 */
@NullMarked
@ApplicationModule(displayName = "Privacy center")
package io.custodia.server.privacy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
