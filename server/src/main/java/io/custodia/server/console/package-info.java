/**
 * The staff console's frame: sign-in page, layout and navigation, and the home dashboard. Features add their
 * own pages under {@code /console/<feature>} using the layout fragments in {@code templates/console/layout.html}.
 */
@NullMarked
@ApplicationModule(displayName = "Console")
package io.custodia.server.console;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
