package io.custodia.server.register;

/** What an import of one entity's register changed. */
public record RegisterImportSummary(
        String entity,
        int systems,
        int datasets,
        int recipients,
        int activitiesCreated,
        int activitiesUpdated,
        int activitiesUnchanged) {}
