package io.custodia.server.privacy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The consent prompt's settings of an entity: allowed site origins and IAB TCF. */
@RestController
@RequestMapping("/api/v1/prompt-settings/{entity}")
@Tag(name = "Consent prompt", description = "The web sites that may use /sdk/consent.js, and its IAB TCF mapping")
class PromptSettingsApi {
    private final PromptSettings settings;

    PromptSettingsApi(PromptSettings settings) {
        this.settings = settings;
    }

    /**
     * The settings as sent; every field may be left out.
     *
     * @param siteOrigins origins such as {@code https://shop.example}
     * @param tcfEnabled whether the prompt speaks IAB TCF v2.2
     * @param tcfPurposes Custodia purpose key to TCF purpose ids (1 to 11)
     * @param tcfVendors TCF vendor id to the Custodia purposes its consent needs
     */
    record SettingsRequest(
            @Nullable List<String> siteOrigins,
            @Nullable Boolean tcfEnabled,
            @Nullable Map<String, List<Integer>> tcfPurposes,
            @Nullable Map<String, List<String>> tcfVendors) {}

    @GetMapping
    @Operation(summary = "The consent prompt's settings of an entity")
    PromptSettings.Settings read(@PathVariable String entity) {
        return settings.read(entity);
    }

    @PutMapping
    @Operation(summary = "Replaces the consent prompt's settings of an entity (DPO, privacy officer)")
    PromptSettings.Settings replace(@PathVariable String entity, @RequestBody SettingsRequest body) {
        return settings.save(
                entity,
                new PromptSettings.Settings(
                        Objects.requireNonNullElse(body.siteOrigins(), List.of()),
                        Boolean.TRUE.equals(body.tcfEnabled()),
                        Objects.requireNonNullElse(body.tcfPurposes(), Map.of()),
                        Objects.requireNonNullElse(body.tcfVendors(), Map.of())));
    }
}
