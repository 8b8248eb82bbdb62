package io.custodia.server.register;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The register of one entity as a document: what the JSON export writes and the YAML import reads. Items may
 * leave out {@code entity}; they belong to the document's.
 */
@JsonIgnoreProperties(value = {"generatedAt"})
record RegisterDocument(
        @Nullable String entity,
        @Nullable List<SystemEntry> systems,
        @Nullable List<DatasetEntry> datasets,
        @Nullable List<RecipientEntry> recipients,
        @Nullable List<ActivityRequest> activities) {}
