package io.custodia.server.register;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.register.RecipientRole;
import io.custodia.core.register.RecipientStatus;
import io.custodia.core.register.RegisterCatalog;
import io.custodia.core.register.RegisterRules;
import io.custodia.core.taxonomy.TermKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The rules for systems, datasets and recipients, reported all at once with paths under a prefix. */
final class CatalogChecks {
    /** The length of the catalog's short text columns (names, owner team, agreement reference). */
    private static final int MAX_TEXT = 200;

    private CatalogChecks() {}

    static void require(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The request has invalid fields", errors);
        }
    }

    static List<FieldError> system(SystemEntry system, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        common(system.key(), system.name(), prefix, errors);
        shortText(system.ownerTeam(), prefix + "ownerTeam", errors);
        country(system.hostingCountry(), prefix + "hostingCountry", errors);
        return errors;
    }

    static List<FieldError> dataset(DatasetEntry dataset, String prefix, RegisterCatalog catalog) {
        List<FieldError> errors = new ArrayList<>();
        common(dataset.key(), dataset.name(), prefix, errors);
        if (dataset.system() != null && !catalog.hasSystem(dataset.system())) {
            errors.add(new FieldError(prefix + "system", "no system '" + dataset.system() + "' in this entity"));
        }
        for (int i = 0; i < dataset.dataCategories().size(); i++) {
            String key = dataset.dataCategories().get(i);
            if (!TermKey.isValid(key) || catalog.dataCategory(TermKey.of(key)).isEmpty()) {
                errors.add(new FieldError(prefix + "dataCategories[" + i + "]", "unknown data category '" + key + "'"));
            }
        }
        return errors;
    }

    static List<FieldError> recipient(RecipientEntry recipient, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        common(recipient.key(), recipient.name(), prefix, errors);
        shortText(recipient.dpaReference(), prefix + "dpaReference", errors);
        if (recipient.role() == null || RecipientRole.find(recipient.role()).isEmpty()) {
            errors.add(new FieldError(
                    prefix + "role", "must be one of processor, controller, joint_controller, public_authority"));
        }
        if (recipient.status() == null
                || RecipientStatus.find(recipient.status()).isEmpty()) {
            errors.add(new FieldError(prefix + "status", "must be one of approved, conditional, suspended"));
        }
        if (recipient.country() == null) {
            errors.add(new FieldError(prefix + "country", "is required"));
        } else {
            country(recipient.country(), prefix + "country", errors);
        }
        return errors;
    }

    /** The recipient with its role and status keys in canonical form. */
    static RecipientEntry canonical(RecipientEntry recipient) {
        return new RecipientEntry(
                recipient.entity(),
                recipient.key(),
                recipient.name(),
                RecipientRole.find(recipient.role()).orElseThrow().key(),
                recipient.country(),
                recipient.dpaReference(),
                recipient.dpaExpiresOn(),
                RecipientStatus.find(recipient.status()).orElseThrow().key(),
                recipient.dpfCertified());
    }

    private static void common(@Nullable String key, @Nullable String name, String prefix, List<FieldError> errors) {
        if (key == null || !RegisterRules.isCatalogKey(key)) {
            errors.add(new FieldError(
                    prefix + "key",
                    "must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        if (name == null || name.isBlank()) {
            errors.add(new FieldError(prefix + "name", "is required"));
        } else {
            shortText(name, prefix + "name", errors);
        }
    }

    private static void shortText(@Nullable String text, String field, List<FieldError> errors) {
        if (text != null && text.length() > MAX_TEXT) {
            errors.add(new FieldError(field, "must have at most " + MAX_TEXT + " characters"));
        }
    }

    private static void country(@Nullable String code, String field, List<FieldError> errors) {
        if (code != null && !RegisterRules.isCountry(code)) {
            errors.add(new FieldError(field, "'" + code + "' is not an ISO 3166-1 alpha-2 code such as FR"));
        }
    }
}
