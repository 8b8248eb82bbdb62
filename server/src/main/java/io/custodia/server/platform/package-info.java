/**
 * What every feature stands on: the database (embedded or external), settings, time, languages and the one
 * place where failures become RFC 9457 problem details. It knows no feature.
 */
@NullMarked
@ApplicationModule(displayName = "Platform")
package io.custodia.server.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
