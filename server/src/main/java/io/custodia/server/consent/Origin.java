package io.custodia.server.consent;

import java.util.List;
import java.util.Locale;

/**
 * Where a request to the ledger came from: what the ledger needs to know of it beyond its body.
 *
 * @param endpoint the endpoint, such as {@code POST /api/v1/consents}, recorded with any opt-out signal
 * @param gpc whether the request carried {@code Sec-GPC: 1}
 * @param baseUrl the public address of Custodia, for the links a receipt holds (the notice page)
 * @param languages the reader's languages, preferred first, to choose the notice's language
 */
public record Origin(String endpoint, boolean gpc, String baseUrl, List<Locale> languages) {
    public Origin {
        languages = List.copyOf(languages);
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
