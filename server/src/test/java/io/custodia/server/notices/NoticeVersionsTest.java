package io.custodia.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.consent.NoticeVersion;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.identity.Staff;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * What the consent ledger reads from the facade: published versions by purpose and number, the latest one, and the
 * latest and last material version of each purpose; and the event announcing each publication.
 */
@RecordApplicationEvents
class NoticeVersionsTest extends NoticesTestSupport {
    private static final TermKey OFFERS = TermKey.of("marketing.personalised_offers");
    private static final TermKey RESEARCH = TermKey.of("research.innovation");

    @Autowired
    Staff staff;

    @Autowired
    Notices notices;

    @Autowired
    ApplicationEvents events;

    @Test
    void noticeVersions_followTheLatestVersion_andTheLastMaterialOne() {
        staff.asSystem("system:test", () -> {
            String entity = newEntity();
            String key = uniqueKey("notice.versions");
            assertThat(notices.noticeVersions(entity).forPurpose(OFFERS)).isEmpty();

            notices.create(entity, key, draft("Version one", OFFERS.value()));
            assertThat(notices.noticeVersions(entity).forPurpose(OFFERS)).isEmpty();
            assertThat(notices.latest(entity, OFFERS)).isEmpty();
            notices.publish(entity, key, 1, false);
            assertThat(notices.noticeVersions(entity).forPurpose(OFFERS)).contains(new NoticeVersion(OFFERS, 1, 1));

            notices.addDraft(entity, key, draft("Version two: partners added", OFFERS.value()));
            notices.publish(entity, key, 2, true);
            notices.addDraft(entity, key, draft("Version three: clearer", OFFERS.value(), RESEARCH.value()));
            assertThat(notices.noticeVersions(entity).forPurpose(OFFERS)).contains(new NoticeVersion(OFFERS, 2, 2));
            notices.publish(entity, key, 3, false);

            var versions = notices.noticeVersions(entity);
            assertThat(versions.forPurpose(OFFERS)).contains(new NoticeVersion(OFFERS, 3, 2));
            // Research joined in version 3: no consent to it could be given under an earlier version.
            assertThat(versions.forPurpose(RESEARCH)).contains(new NoticeVersion(RESEARCH, 3, 3));
            assertThat(versions.forPurpose(OFFERS).orElseThrow().requiresRenewal(1))
                    .isTrue();
            assertThat(versions.forPurpose(OFFERS).orElseThrow().requiresRenewal(2))
                    .isFalse();

            PublishedNotice second = notices.published(entity, OFFERS, 2).orElseThrow();
            assertThat(second.key()).isEqualTo(key);
            assertThat(second.entityCode()).isEqualTo(entity);
            assertThat(second.material()).isTrue();
            assertThat(second.text("en").title()).isEqualTo("Version two: partners added");
            assertThat(second.contentHash())
                    .isEqualTo(ContentHash.of(List.of(OFFERS.value()), second.texts()))
                    .isEqualTo(notices.version(entity, key, 2).contentHash());
            assertThat(second.channels()).containsExactly("app", "web");
            assertThat(notices.published(entity, RESEARCH, 2)).isEmpty();
            assertThat(notices.published(entity, OFFERS, 4)).isEmpty();
            assertThat(notices.latest(entity, RESEARCH).map(PublishedNotice::version))
                    .contains(3);
            assertThat(notices.latest(entity, OFFERS).orElseThrow().purposes()).containsExactly(OFFERS, RESEARCH);

            assertThat(events.stream(NoticePublished.class)
                            .filter(event -> event.key().equals(key)))
                    .containsExactly(
                            new NoticePublished(entity, key, 1, false, List.of(OFFERS.value())),
                            new NoticePublished(entity, key, 2, true, List.of(OFFERS.value())),
                            new NoticePublished(entity, key, 3, false, List.of(OFFERS.value(), RESEARCH.value())));
            return null;
        });
    }

    @Test
    void aDraft_isNeverReadAsPublished() {
        staff.asSystem("system:test", () -> {
            String entity = newEntity();
            String key = uniqueKey("notice.drafts");
            notices.create(entity, key, draft("Draft only", OFFERS.value()));

            assertThat(notices.published(entity, OFFERS, 1)).isEmpty();
            assertThat(notices.publishedVersion(entity, key, 1)).isEmpty();
            assertThat(events.stream(NoticePublished.class)
                            .filter(event -> event.key().equals(key)))
                    .isEmpty();
            return null;
        });
    }

    private static NoticeDraft draft(String title, String... purposes) {
        return new NoticeDraft(
                List.of(purposes),
                List.of("web", "app"),
                Map.of(
                        "en", new NoticeText(title, "What we do, why, for how long, and how to say no."),
                        "fr", new NoticeText(title + " (fr)", "Ce que nous faisons, pourquoi, combien de temps.")));
    }
}
