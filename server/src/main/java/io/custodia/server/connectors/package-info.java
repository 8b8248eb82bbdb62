/**
 * Connected systems: the company's own stores (PostgreSQL, MySQL/MariaDB through JDBC), HTTP systems that answer
 * requests themselves, and manual systems; the datasets that describe where a customer's data lives in them; and the
 * execution of collect, erase, rectify and restrict steps against them. Facade:
 * {@link io.custodia.server.connectors.Connectors}.
 */
@NullMarked
@ApplicationModule(displayName = "Connectors")
package io.custodia.server.connectors;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
