/**
 * The changes Custodia publishes: every change of state that a decision replica, inside the server or in a
 * company's service, must apply to stay in step. Server and client share these types.
 */
@NullMarked
package io.custodia.core.change;

import org.jspecify.annotations.NullMarked;
