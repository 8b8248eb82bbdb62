/**
 * The decision engine: may this customer's data, of these categories, be used for this purpose, sent to this
 * recipient, now?
 *
 * <p>A {@link io.custodia.core.decision.Policy} is the register, reviews, vendors, notices and jurisdiction rules
 * compiled into an immutable snapshot; a {@link io.custodia.core.decision.ConsentIndex} is a compact replica of every
 * customer's consent states and flags, kept fresh by applying {@link io.custodia.core.change.Change}s; an {@link
 * io.custodia.core.decision.Engine} joins the two and answers {@link io.custodia.core.decision.Question}s with a
 * {@link io.custodia.core.decision.Decision}. Decisions allocate nothing and take no lock.
 */
@NullMarked
package io.custodia.core.decision;

import org.jspecify.annotations.NullMarked;
