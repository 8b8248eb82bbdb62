package io.custodia.server.register;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.custodia.core.register.ActivityDraft;
import io.custodia.core.register.ActivityDraft.PurposeUse;
import io.custodia.core.register.ActivityDraft.Retention;
import io.custodia.core.register.ActivityDraft.Transfer;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A processing activity as written by a client: the fields of {@link ActivityDraft} plus where it belongs and,
 * when editing, the version edited. The read-only fields of {@link ActivityView} are accepted and ignored, so
 * that an exported activity can be sent back as it is.
 */
@JsonIgnoreProperties(value = {"createdAt", "updatedAt", "warnings", "statusReason"})
record ActivityRequest(
        @Schema(description = "Only in imports: the activity to update; absent creates one") @Nullable
        UUID id,

        @Schema(description = "Entity code; required when creating", example = "FR") @Nullable
        String entity,

        @Schema(description = "draft (default) or active when creating; ignored by PUT", example = "draft") @Nullable
        String status,

        @Schema(description = "The version edited; required by PUT unless If-Match is sent") @Nullable
        Long version,

        @Schema(example = "Customer billing") @Nullable String name,
        @Nullable String controllerContact,
        @Nullable String dpoContact,
        @Nullable List<PurposeUse> purposes,

        @Schema(description = "Art. 9(2) condition, e.g. explicit_consent") @Nullable
        String art9Condition,

        @Nullable List<String> dataCategories,
        @Nullable List<String> subjectTypes,
        @Nullable List<String> systems,
        @Nullable List<String> datasets,
        @Nullable List<String> recipients,
        @Nullable List<Transfer> transfers,
        @Nullable Retention retention,
        @Nullable List<String> securityMeasures,
        @Nullable Map<String, String> explanation,
        @Nullable Map<String, String> customerValue,
        @Nullable String reviewId) {

    @SuppressWarnings("NullAway") // the draft turns absent fields into empty ones
    ActivityDraft draft() {
        return new ActivityDraft(
                name,
                controllerContact,
                dpoContact,
                purposes,
                art9Condition,
                dataCategories,
                subjectTypes,
                systems,
                datasets,
                recipients,
                transfers,
                retention,
                securityMeasures,
                explanation,
                customerValue,
                reviewId);
    }
}
