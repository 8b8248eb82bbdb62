package io.custodia.server.consent;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Reads the {@link Origin} of an HTTP request. */
@Component
class Origins {
    static final String GPC_HEADER = "Sec-GPC";

    private final String publicUrl;

    /**
     * @param publicUrl Custodia's public address for the links receipts hold ({@code CUSTODIA_PUBLIC_URL}); when
     *     blank, the address the request came to, which a deployment behind a proxy should not rely on
     */
    Origins(@Value("${custodia.public-url:}") String publicUrl) {
        this.publicUrl = publicUrl.strip();
    }

    /**
     * The origin of a request to an endpoint.
     *
     * @param signals whether a {@code Sec-GPC: 1} header counts as the customer's signal; only the API relays
     *     customers' requests, while the console is a staff member's own browser
     */
    Origin of(HttpServletRequest request, String endpoint, boolean signals) {
        String header = request.getHeader(GPC_HEADER);
        boolean gpc = signals && header != null && header.strip().equals("1");
        String baseUrl = publicUrl.isEmpty()
                ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
                : publicUrl;
        return new Origin(endpoint, gpc, baseUrl, Collections.list(request.getLocales()));
    }

    /** The origin of a console request, whose language is the page's. */
    Origin console(HttpServletRequest request, String endpoint, Locale language) {
        Origin origin = of(request, endpoint, false);
        return new Origin(origin.endpoint(), false, origin.baseUrl(), java.util.List.of(language));
    }
}
