package io.custodia.server.taxonomy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads Custodia's default taxonomy on the first start, after the first administrator exists and before the
 * demo data that uses it. A taxonomy that holds any term is left as it is, so restarts and several instances
 * starting together seed it once.
 */
@Component
@Order(10)
class TaxonomySeeder implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(TaxonomySeeder.class);

    private final Taxonomy taxonomy;

    TaxonomySeeder(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (taxonomy.seedDefaults()) {
            log.info("Loaded the default taxonomy");
        }
    }
}
