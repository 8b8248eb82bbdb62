package io.custodia.server.decisions;

import io.custodia.core.consent.NoticeVersions;
import io.custodia.core.decision.Policy;
import io.custodia.core.register.ActivityDraft;
import io.custodia.core.register.ActivityDraft.PurposeUse;
import io.custodia.core.register.ActivityStatus;
import io.custodia.core.register.Recipient;
import io.custodia.core.register.Safeguard;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import io.custodia.server.notices.Notices;
import io.custodia.server.register.ActivityFilter;
import io.custodia.server.register.ActivityView;
import io.custodia.server.register.Register;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Compiles an entity's {@link Policy} from what the other features hold: the register's activities and recipients,
 * the entity's jurisdiction pack and its published notices.
 *
 * <p>Reads as the system: the policy is the same whoever caused the compilation. What cannot be compiled is left out
 * rather than failing the whole policy: a draft or retired activity declares nothing; an active one's purpose without
 * a legal basis, or with a key that is not a term key, is skipped (the register's rules already refuse to activate
 * such an activity). Reviews are not recorded by Custodia yet, so every activity compiles as needing none.
 */
@Component
class PolicyCompiler {
    private static final String ACTOR = "system:decisions";

    private final Register register;
    private final Entities entities;
    private final Notices notices;
    private final Staff staff;

    PolicyCompiler(Register register, Entities entities, Notices notices, Staff staff) {
        this.register = register;
        this.entities = entities;
        this.notices = notices;
        this.staff = staff;
    }

    /**
     * The entity's policy as committed now, or empty when there is no such entity. Read in a transaction of its own,
     * so that it can be called after another one committed, on its thread.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
    Optional<Policy> compile(String entityCode) {
        return compileNow(entityCode);
    }

    /**
     * The entity's policy as the caller's transaction sees it, its own writes included: for a writer that publishes
     * the policy its change leads to, in the same transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Policy> compileInTransaction(String entityCode) {
        return compileNow(entityCode);
    }

    private Optional<Policy> compileNow(String entityCode) {
        return staff.asSystem(ACTOR, () -> entities.find(entityCode).map(this::compile));
    }

    private Policy compile(GroupEntity entity) {
        Policy.Builder builder =
                Policy.builder(entity.code()).jurisdiction(Policy.Jurisdiction.of(entities.jurisdiction(entity)));
        for (Recipient recipient : register.recipientsOf(entity.code())) {
            builder.recipient(recipient);
        }
        Set<TermKey> declared = new LinkedHashSet<>();
        for (ActivityView view : register.activities(ActivityFilter.ofEntity(entity.code()))) {
            ActivityStatus status = view.statusValue();
            if (status != ActivityStatus.ACTIVE && status != ActivityStatus.HALTED) {
                continue;
            }
            activity(view, status).ifPresent(activity -> {
                builder.activity(activity);
                declared.addAll(activity.purposes().keySet());
            });
        }
        NoticeVersions versions = notices.noticeVersions(entity.code());
        for (TermKey purpose : declared) {
            versions.forPurpose(purpose).ifPresent(builder::notice);
        }
        return builder.build();
    }

    private static Optional<Policy.Activity> activity(ActivityView view, ActivityStatus status) {
        ActivityDraft content = view.content();
        Map<TermKey, LegalBasis> purposes = new LinkedHashMap<>();
        for (PurposeUse use : content.purposes()) {
            LegalBasis basis = basis(use.legalBasis());
            if (TermKey.isValid(use.key()) && basis != null) {
                purposes.putIfAbsent(TermKey.of(use.key()), basis);
            }
        }
        if (purposes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Policy.Activity(
                view.id().toString(),
                content.name(),
                status,
                purposes,
                keys(content.dataCategories()),
                Set.copyOf(content.recipients()),
                content.transfers().stream()
                        .map(transfer -> new Policy.Transfer(
                                transfer.country(),
                                transfer.recipient(),
                                Optional.ofNullable(transfer.safeguard())
                                        .flatMap(Safeguard::find)
                                        .orElse(Safeguard.NONE)))
                        .toList(),
                Policy.Review.NOT_REQUIRED,
                retention(content.retention()),
                Set.of(),
                false));
    }

    private static Set<TermKey> keys(List<String> values) {
        Set<TermKey> keys = new LinkedHashSet<>();
        for (String value : values) {
            if (TermKey.isValid(value)) {
                keys.add(TermKey.of(value));
            }
        }
        return keys;
    }

    private static @Nullable LegalBasis basis(@Nullable String key) {
        for (LegalBasis basis : LegalBasis.values()) {
            if (basis.key().equals(key)) {
                return basis;
            }
        }
        return null;
    }

    private static @Nullable Period retention(ActivityDraft.@Nullable Retention retention) {
        if (retention == null || retention.period() == null) {
            return null;
        }
        try {
            return Period.parse(retention.period());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
