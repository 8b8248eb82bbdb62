package io.custodia.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.taxonomy.TermKey;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The demo group publishes, for every company, each notice its register refers to. */
class DemoNoticesTest extends NoticesTestSupport {
    private static final String[] COMPANIES = {"FR", "SN", "CI", "NG", "KE"};

    @Autowired
    Notices notices;

    @Test
    void everyNoticeTheDemoRegisterNames_isPublishedAsVersionOne_forTheRightPurpose() {
        for (String entity : COMPANIES) {
            Map<String, String> referenced = new HashMap<>();
            parse(get("/api/v1/activities?entity=" + entity, admin()))
                    .forEach(activity -> activity.get("purposes").forEach(purpose -> {
                        if (purpose.hasNonNull("notice")
                                && activity.get("status").asString().equals("active")) {
                            referenced.put(
                                    purpose.get("key").asString(),
                                    purpose.get("notice").asString());
                        }
                    }));
            assertThat(referenced).as(entity).hasSize(5);
            referenced.forEach((purpose, key) -> {
                PublishedNotice notice =
                        notices.latest(entity, TermKey.of(purpose)).orElseThrow();
                assertThat(notice.key()).as(entity + " " + purpose).isEqualTo(key);
                assertThat(notice.version()).isEqualTo(1);
                assertThat(notice.texts()).containsOnlyKeys("en", "fr");
                assertThat(notice.text("fr").body())
                        .contains("Avec votre accord")
                        .doesNotContain("{{");
                assertThat(notice.text("en").body())
                        .contains("With your agreement")
                        .contains(entity.toLowerCase(Locale.ROOT) + ".custodia-telecom.example");
            });
        }
    }

    @Test
    void demoNotice_isReadableOnItsPublicPage() {
        var page = getAnonymous("/notices/SN/notice.care.recording/1?lang=fr");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Enregistrement de cet appel")
                .contains("Custodia Télécom Sénégal SA")
                .contains(notices.publishedVersion("SN", "notice.care.recording", 1)
                        .orElseThrow()
                        .contentHash());
    }
}
