/**
 * The Java client of Custodia for a company's services: {@link io.custodia.client.CustodiaClient} keeps a local
 * decision replica of one entity fresh from the server's changes feed, answers decisions in-process (failing closed
 * when it cannot prove it is fresh), and records consent with retries that never record twice.
 */
@NullMarked
package io.custodia.client;

import org.jspecify.annotations.NullMarked;
