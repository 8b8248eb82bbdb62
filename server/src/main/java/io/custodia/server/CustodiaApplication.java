package io.custodia.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * Custodia's server: one Spring Boot application, one package per feature directly under this one.
 *
 * <p>Features talk to each other only through their facades and published events; {@code ModularityTests}
 * fails the build when one reaches into another's internals.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(systemName = "Custodia", sharedModules = "platform")
public class CustodiaApplication {

    public static void main(String[] args) {
        SpringApplication.run(CustodiaApplication.class, args);
    }
}
