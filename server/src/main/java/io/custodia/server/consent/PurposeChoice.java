package io.custodia.server.consent;

import io.custodia.server.notices.PublishedNotice;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A purpose a customer can make a choice about, as a form offers it.
 *
 * @param purpose the purpose's key
 * @param name its name in the reader's language
 * @param legalBasis the legal basis it is processed on
 * @param actions the choices the recording rules accept for it: {@code granted}, {@code refused} and {@code
 *     withdrawn} on consent, {@code objected} on legitimate interest or public task
 * @param notice the latest published notice to read to the customer, if one is published
 */
public record PurposeChoice(
        String purpose,
        String name,
        String legalBasis,
        List<String> actions,
        @Nullable PublishedNotice notice) {

    public PurposeChoice {
        actions = List.copyOf(actions);
    }
}
