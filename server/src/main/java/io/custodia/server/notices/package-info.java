/**
 * Notices: the texts shown to customers when their consent is asked or when they are informed, per entity and
 * language, versioned, content-hashed and immutable once published, so that every consent can prove which text
 * the customer saw (GDPR Art. 7(1)). The HTTP API under {@code /api/v1/notices}, the console pages under
 * {@code /console/notices}, and a public page per published version under {@code /notices/{entity}/{key}/{version}}.
 *
 * <p>Facade: {@link io.custodia.server.notices.Notices}; event: {@link io.custodia.server.notices.NoticePublished}.
 */
@NullMarked
@ApplicationModule(displayName = "Notices")
package io.custodia.server.notices;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
