package io.custodia.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The content hash: a fixed function of the texts and purposes, documented so that anyone can recompute it. */
class ContentHashTest {
    private static final NoticeText ENGLISH =
            new NoticeText("Offers for you", "We suggest offers.\n\n- **What:** usage \"records\"");
    private static final NoticeText FRENCH =
            new NoticeText("Des offres pour vous", "Nous proposons des offres adaptées.\tÉtape");
    private static final List<String> PURPOSES = List.of("research.innovation", "marketing.personalised_offers");
    private static final Map<String, NoticeText> TEXTS = Map.of("en", ENGLISH, "fr", FRENCH);

    @Test
    void hash_isTheSha256OfTheCanonicalJson_sameOnEveryRun() {
        assertThat(ContentHash.canonical(PURPOSES, TEXTS))
                .isEqualTo("{\"purposes\":[\"marketing.personalised_offers\",\"research.innovation\"],"
                        + "\"texts\":{\"en\":{\"body\":\"We suggest offers.\\n\\n- **What:** usage \\\"records\\\"\","
                        + "\"title\":\"Offers for you\"},"
                        + "\"fr\":{\"body\":\"Nous proposons des offres adaptées.\\tÉtape\","
                        + "\"title\":\"Des offres pour vous\"}}}");
        // Computed independently, with a JSON library that writes sorted keys, no spaces and UTF-8.
        assertThat(ContentHash.of(PURPOSES, TEXTS))
                .isEqualTo("753619e0f207aff43d946419c56d75bed1b621c08ef9a7349e762ff7652ef7a5");
    }

    @Test
    void hash_ignoresTheOrderOfPurposesAndLanguages() {
        Map<String, NoticeText> frenchFirst = new LinkedHashMap<>();
        frenchFirst.put("fr", FRENCH);
        frenchFirst.put("en", ENGLISH);
        assertThat(ContentHash.of(List.of(PURPOSES.get(1), PURPOSES.get(0)), frenchFirst))
                .isEqualTo(ContentHash.of(PURPOSES, TEXTS));
    }

    @Test
    void hash_changesWhenAnyTitleBodyOrPurposeChanges() {
        String original = ContentHash.of(PURPOSES, TEXTS);
        assertThat(ContentHash.of(PURPOSES, with("en", new NoticeText("Offers for you!", ENGLISH.body()))))
                .isNotEqualTo(original);
        assertThat(ContentHash.of(PURPOSES, with("fr", new NoticeText(FRENCH.title(), "Nous proposons."))))
                .isNotEqualTo(original);
        assertThat(ContentHash.of(List.of("marketing.personalised_offers"), TEXTS))
                .isNotEqualTo(original);
        Map<String, NoticeText> withSwahili = new LinkedHashMap<>(TEXTS);
        withSwahili.put("sw", new NoticeText("Ofa kwa ajili yako", "Tunapendekeza ofa."));
        assertThat(ContentHash.of(PURPOSES, withSwahili)).isNotEqualTo(original);
        // A title and a body cannot trade text and keep the hash.
        assertThat(ContentHash.of(PURPOSES, with("en", new NoticeText("a", "b"))))
                .isNotEqualTo(ContentHash.of(PURPOSES, with("en", new NoticeText("b", "a"))));
    }

    @Test
    void normalisedTexts_hashAlike_whateverTheLineBreaksOrUnicodeForm() {
        String composed = NoticeRules.normalise("Données\r\nÉtape  ");
        String decomposed = NoticeRules.normalise("Donne\u0301es\rE\u0301tape");
        assertThat(composed).isEqualTo(decomposed).isEqualTo("Données\nÉtape");
        assertThat(ContentHash.of(PURPOSES, with("fr", new NoticeText("T", composed))))
                .isEqualTo(ContentHash.of(PURPOSES, with("fr", new NoticeText("T", decomposed))));
    }

    @Test
    void controlCharacters_areEscapedAsJsonRequires() {
        assertThat(ContentHash.canonical(List.of(), Map.of("en", new NoticeText("a\u0001b", "c\\d\be\f"))))
                .isEqualTo("{\"purposes\":[],\"texts\":{\"en\":{\"body\":\"c\\\\d\\be\\f\",\"title\":\"a\\u0001b\"}}}");
    }

    private static Map<String, NoticeText> with(String language, NoticeText text) {
        Map<String, NoticeText> texts = new LinkedHashMap<>(TEXTS);
        texts.put(language, text);
        return texts;
    }
}
