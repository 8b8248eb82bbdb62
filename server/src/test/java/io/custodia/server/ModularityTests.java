package io.custodia.server;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The features keep to their facades and events: no feature reaches into another's internals, no cycles. */
class ModularityTests {
    private final ApplicationModules modules = ApplicationModules.of(CustodiaApplication.class);

    @Test
    void featuresOnlyUseEachOthersPublicApi() {
        modules.verify();
    }

    @Test
    void writesTheModuleDiagrams() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
