package io.custodia.server.entities;

import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.server.platform.CustodiaProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The jurisdiction packs in force: the built-in ones, overridden field by field by any pack file found in
 * {@code CUSTODIA_HOME/jurisdictions}.
 */
@Configuration(proxyBeanMethods = false)
class JurisdictionConfiguration {

    @Bean
    JurisdictionPacks jurisdictionPacks(CustodiaProperties properties) {
        Path overrides = properties.home().resolve("jurisdictions");
        return Files.isDirectory(overrides) ? JurisdictionPacks.withOverrides(overrides) : JurisdictionPacks.builtIn();
    }
}
