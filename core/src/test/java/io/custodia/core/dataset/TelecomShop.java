package io.custodia.core.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The telecom shop fixture: one store described in fideslang and in Custodia format. */
final class TelecomShop {
    static final String KEY = "telecom_shop";

    private TelecomShop() {}

    static String text(String resource) {
        try (InputStream in = TelecomShop.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dataset custodia() {
        return DatasetFiles.readCustodia(text("telecom-shop.custodia.yml"))
                .datasets()
                .get(0);
    }

    static Dataset fideslang() {
        return DatasetFiles.readFideslang(text("telecom-shop.fides.yml"))
                .datasets()
                .get(0);
    }

    static CollectionAddress address(String collection) {
        return new CollectionAddress(KEY, collection);
    }
}
