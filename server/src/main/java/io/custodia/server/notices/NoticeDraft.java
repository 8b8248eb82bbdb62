package io.custodia.server.notices;

import java.util.List;
import java.util.Map;

/**
 * The content of a draft notice version, as staff write it. Checked and normalised by the facade, which reports
 * every broken rule at once by its path ({@code purposes[1]}, {@code texts.fr.title}, {@code channels[0]}).
 *
 * @param purposes the purpose keys of the entity's taxonomy that the version explains, at least one
 * @param channels where the version is used: {@code web}, {@code app}, {@code store}, {@code call_center},
 *     {@code iot_device}; at least one
 * @param texts title and body per language tag; {@code en} and {@code fr} are required
 */
public record NoticeDraft(List<String> purposes, List<String> channels, Map<String, NoticeText> texts) {
    public NoticeDraft {
        purposes = List.copyOf(purposes);
        channels = List.copyOf(channels);
        texts = Map.copyOf(texts);
    }
}
