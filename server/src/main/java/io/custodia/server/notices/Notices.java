package io.custodia.server.notices;

import io.custodia.core.ConflictException;
import io.custodia.core.InvalidInputException;
import io.custodia.core.NotFoundException;
import io.custodia.core.consent.NoticeVersion;
import io.custodia.core.consent.NoticeVersions;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import io.custodia.server.taxonomy.Taxonomy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notices feature's facade: the texts shown to customers when their consent is asked, versioned and
 * content-hashed, so that a consent event can prove which text the customer saw.
 *
 * <p>A notice belongs to one entity and explains one or more purposes of its taxonomy; a purpose is explained by at
 * most one notice of an entity, and once published in a notice it stays with it (later versions may add purposes,
 * never drop one), so that a purpose and a version number name one text for good. A notice has at most one draft
 * at a time; publishing a draft makes it immutable. A published version may be flagged as a material change:
 * consent given under an earlier version must then be renewed. The version that first explains a purpose counts as
 * that purpose's material baseline.
 *
 * <p>Reads for other features ({@link #published}, {@link #latest}, {@link #noticeVersions},
 * {@link #publishedVersion}) check no permission: they serve the consent ledger and the public notice pages, and
 * published texts are meant to be read by customers. Staff reads and every write are limited to the current staff
 * member's entities; a notice of another entity answers like a missing one ({@link NotFoundException}). Writes are
 * recorded in the audit trail in the same transaction and report every broken rule at once
 * ({@link InvalidInputException}), storing nothing.
 */
@Service
public class Notices {
    private final StoredNotices store;
    private final Taxonomy taxonomy;
    private final Entities entities;
    private final Staff staff;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MessageSource messages;

    Notices(
            StoredNotices store,
            Taxonomy taxonomy,
            Entities entities,
            Staff staff,
            AuditTrail audit,
            ApplicationEventPublisher events,
            Clock clock,
            MessageSource messages) {
        this.store = store;
        this.taxonomy = taxonomy;
        this.entities = entities;
        this.staff = staff;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.messages = messages;
    }

    /**
     * The published notice version that covers a purpose in an entity, by version number.
     *
     * @return empty when no published version of that number explains the purpose (a draft, a version before the
     *     purpose joined the notice, a number not reached yet, an unknown entity)
     */
    @Transactional(readOnly = true)
    public Optional<PublishedNotice> published(String entityCode, TermKey purpose, int version) {
        return store.published(entityCode, purpose.value(), version).map(Notices::toPublished);
    }

    /**
     * For folding consent: per purpose of the entity, the latest published version and the last material one.
     *
     * <p>The last material version of a purpose is the latest version flagged material, or the version in which the
     * purpose joined its notice when that is later. Purposes that no published version explains are absent.
     */
    @Transactional(readOnly = true)
    public NoticeVersions noticeVersions(String entityCode) {
        Map<String, List<StoredNotices.PublishedFacts>> byNotice = new LinkedHashMap<>();
        store.publishedFacts(entityCode)
                .forEach(version -> byNotice.computeIfAbsent(version.key(), key -> new ArrayList<>())
                        .add(version));
        List<NoticeVersion> facts = new ArrayList<>();
        byNotice.values().forEach(versions -> facts.addAll(facts(versions)));
        return NoticeVersions.of(facts);
    }

    /** The latest published version covering a purpose, if any. */
    @Transactional(readOnly = true)
    public Optional<PublishedNotice> latest(String entityCode, TermKey purpose) {
        return store.latestPublished(entityCode, purpose.value()).map(Notices::toPublished);
    }

    /** A published version of a notice by its key, e.g. for the public page that shows customers its text. */
    @Transactional(readOnly = true)
    public Optional<PublishedNotice> publishedVersion(String entityCode, String key, int version) {
        return store.version(entityCode, key, version)
                .filter(found -> !found.isDraft())
                .map(Notices::toPublished);
    }

    /** The notices of the entities the current staff member may see, or of one of them, by entity then key. */
    @Transactional(readOnly = true)
    public List<NoticeSummary> notices(@Nullable String entityCode) {
        return store.summaries(entities.visible().stream()
                .map(GroupEntity::code)
                .filter(code -> entityCode == null || code.equals(entityCode))
                .toList());
    }

    /**
     * A notice with its versions.
     *
     * @throws NotFoundException when it does not exist or belongs to an entity outside the caller's scope
     */
    @Transactional(readOnly = true)
    public NoticeView notice(String entityCode, String key) {
        GroupEntity entity = visible(entityCode, key);
        Instant createdAt = store.createdAt(entity.code(), key).orElseThrow(() -> missing(entityCode, key));
        List<NoticeVersionView> versions = store.versions(entity.code(), key);
        return new NoticeView(key, entity.code(), held(entity.code(), key), createdAt, versions);
    }

    /**
     * One version of a notice.
     *
     * @throws NotFoundException when it does not exist or belongs to an entity outside the caller's scope
     */
    @Transactional(readOnly = true)
    public NoticeVersionView version(String entityCode, String key, int version) {
        GroupEntity entity = visible(entityCode, key);
        return store.version(entity.code(), key, version).orElseThrow(() -> missing(entityCode, key, version));
    }

    /**
     * The purposes of an entity explained by a notice, each with the key of the notice that explains it (published
     * or in its draft).
     *
     * @throws NotFoundException when the entity is outside the caller's scope
     */
    @Transactional(readOnly = true)
    Map<String, String> holders(String entityCode) {
        return store.holders(entities.visible(entityCode).code());
    }

    /**
     * Creates a notice with its first version as a draft.
     *
     * @throws InvalidInputException naming every broken rule of the key and the content; nothing is stored
     * @throws ConflictException when the entity has a notice with that key already
     * @throws NotFoundException when the entity is outside the caller's scope
     */
    @Transactional
    public NoticeView create(String entityCode, String key, NoticeDraft firstDraft) {
        GroupEntity entity = entities.visible(entityCode);
        store.lock(entity.code());
        List<NoticeIssue> issues = new ArrayList<>(NoticeRules.checkKey(key));
        NoticeDraft content = checked(entity.code(), key, firstDraft, Set.of(), issues);
        if (store.exists(entity.code(), key)) {
            throw new ConflictException("Entity " + entity.code() + " has a notice '" + key + "' already");
        }
        Instant now = now();
        store.insertNotice(entity.code(), key, now);
        store.insertDraft(entity.code(), key, 1, content, hash(content), now);
        store.hold(entity.code(), key, content.purposes());
        NoticeVersionView draft = store.version(entity.code(), key, 1).orElseThrow();
        audit.record(staff.actor(), "notice.created", "notice", key, entity.code(), draft);
        return notice(entity.code(), key);
    }

    /**
     * Starts the next version as a draft, a copy of the latest version.
     *
     * @throws ConflictException when the notice has a draft already
     * @throws NotFoundException when the notice does not exist or is outside the caller's scope
     */
    @Transactional
    public NoticeVersionView addDraft(String entityCode, String key) {
        List<NoticeVersionView> versions = lockedVersions(entityCode, key);
        return addDraft(entityCode, key, versions.get(versions.size() - 1).content());
    }

    /**
     * Starts the next version as a draft with this content.
     *
     * @throws InvalidInputException naming every broken rule of the content; nothing is stored
     * @throws ConflictException when the notice has a draft already
     * @throws NotFoundException when the notice does not exist or is outside the caller's scope
     */
    @Transactional
    public NoticeVersionView addDraft(String entityCode, String key, NoticeDraft draft) {
        List<NoticeVersionView> versions = lockedVersions(entityCode, key);
        NoticeVersionView latest = versions.get(versions.size() - 1);
        if (latest.isDraft()) {
            throw new ConflictException("Notice " + key + " has a draft already (version " + latest.version()
                    + "): edit or publish it before starting another");
        }
        NoticeDraft content = checked(entityCode, key, draft, publishedPurposes(versions), new ArrayList<>());
        int number = latest.version() + 1;
        store.insertDraft(entityCode, key, number, content, hash(content), now());
        store.hold(entityCode, key, heldAfter(versions, content));
        NoticeVersionView written = store.version(entityCode, key, number).orElseThrow();
        audit.record(staff.actor(), "notice.draft_added", "notice", key, entityCode, written);
        return written;
    }

    /**
     * Replaces the content of a draft version.
     *
     * @throws InvalidInputException naming every broken rule of the content; nothing is stored
     * @throws ConflictException when the version is published: published versions never change
     * @throws NotFoundException when the version does not exist or is outside the caller's scope
     */
    @Transactional
    public NoticeVersionView editDraft(String entityCode, String key, int version, NoticeDraft draft) {
        List<NoticeVersionView> versions = lockedVersions(entityCode, key);
        NoticeVersionView current = find(versions, entityCode, key, version);
        requireDraft(current, "edited");
        NoticeDraft content = checked(entityCode, key, draft, publishedPurposes(versions), new ArrayList<>());
        store.updateDraft(entityCode, key, version, content, hash(content), now());
        store.hold(entityCode, key, heldAfter(versions, content));
        NoticeVersionView written = store.version(entityCode, key, version).orElseThrow();
        audit.record(staff.actor(), "notice.draft_edited", "notice", key, entityCode, written);
        return written;
    }

    /**
     * Publishes a draft version; from then on it never changes.
     *
     * @param material whether this version changes the processing materially, so that customers who consented
     *     under an earlier version must consent again; not allowed for version 1, which has no earlier version
     * @throws InvalidInputException when the version is 1 and flagged material, or its content no longer keeps the
     *     rules (a purpose left the taxonomy)
     * @throws ConflictException when the version is published already
     * @throws NotFoundException when the version does not exist or is outside the caller's scope
     */
    @Transactional
    public NoticeVersionView publish(String entityCode, String key, int version, boolean material) {
        List<NoticeVersionView> versions = lockedVersions(entityCode, key);
        NoticeVersionView current = find(versions, entityCode, key, version);
        requireDraft(current, "published again");
        List<NoticeIssue> issues = new ArrayList<>();
        if (material && version == 1) {
            issues.add(NoticeIssue.of("material", "material.first"));
        }
        checked(entityCode, key, current.content(), publishedPurposes(versions), issues);
        String actor = staff.actor();
        store.publish(entityCode, key, version, material, actor, now());
        NoticeVersionView published = store.version(entityCode, key, version).orElseThrow();
        audit.record(actor, "notice.published", "notice", key, entityCode, published);
        events.publishEvent(new NoticePublished(entityCode, key, version, material, published.purposes()));
        return published;
    }

    /**
     * Creates the notices of a document and publishes each as version 1, all or nothing; used to load a prepared
     * set of notices such as the demo group's.
     *
     * @param document YAML or JSON: {@code notices: [{key, purposes, channels, texts: {en: {title, body}, …}}]}
     * @return how many notices were published
     * @throws InvalidInputException naming every broken rule by its path, e.g. {@code notices[1].texts.fr.title}
     */
    @Transactional
    public int importDocument(String entityCode, String document) {
        List<NoticeRequest> entries = NoticeRequest.parseDocument(document);
        List<NoticeIssue> issues = new ArrayList<>();
        for (int index = 0; index < entries.size(); index++) {
            NoticeRequest entry = entries.get(index);
            String key = entry.key() == null ? "" : entry.key().strip();
            try {
                create(entityCode, key, entry.draft());
                publish(entityCode, key, 1, false);
            } catch (InvalidNoticeException e) {
                String prefix = "notices[" + index + "].";
                e.issues().forEach(issue -> issues.add(issue.under(prefix)));
            }
        }
        if (!issues.isEmpty()) {
            throw new InvalidNoticeException(issues, messages);
        }
        return entries.size();
    }

    /**
     * The notice facts of each purpose of one notice. Purposes only join a notice, so every purpose of the latest
     * version is in it; the version that first explained a purpose is where its consent could first be given.
     */
    private static List<NoticeVersion> facts(List<StoredNotices.PublishedFacts> published) {
        StoredNotices.PublishedFacts latest = published.get(published.size() - 1);
        int lastMaterial = published.stream()
                .filter(StoredNotices.PublishedFacts::material)
                .mapToInt(StoredNotices.PublishedFacts::version)
                .max()
                .orElse(1);
        return latest.purposes().stream()
                .map(purpose -> {
                    int first = published.stream()
                            .filter(version -> version.purposes().contains(purpose))
                            .mapToInt(StoredNotices.PublishedFacts::version)
                            .min()
                            .orElse(1);
                    return new NoticeVersion(TermKey.of(purpose), latest.version(), Math.max(first, lastMaterial));
                })
                .toList();
    }

    /**
     * Checks a version's content against every rule, adding to the {@code issues} found earlier, and answers it
     * normalised.
     *
     * @param kept the purposes the content must keep: those of the notice's published versions
     * @throws InvalidInputException when anything is wrong
     */
    private NoticeDraft checked(
            String entityCode, String key, NoticeDraft draft, Set<String> kept, List<NoticeIssue> issues) {
        issues.addAll(NoticeRules.check(draft));
        Map<String, String> holders = store.holders(entityCode);
        for (int index = 0; index < draft.purposes().size(); index++) {
            String purpose = draft.purposes().get(index).strip();
            if (!TermKey.isValid(purpose)) {
                continue;
            }
            String field = "purposes[" + index + "]";
            String holder = holders.get(purpose);
            if (taxonomy.find(TermKind.PURPOSE, entityCode, TermKey.of(purpose)).isEmpty()) {
                issues.add(NoticeIssue.of(field, "purpose.unknown", purpose, entityCode));
            } else if (holder != null && !holder.equals(key)) {
                issues.add(NoticeIssue.of(field, "purpose.taken", purpose, holder));
            }
        }
        Set<String> given = draft.purposes().stream().map(String::strip).collect(Collectors.toSet());
        for (String purpose : kept) {
            if (!given.contains(purpose)) {
                issues.add(NoticeIssue.of("purposes", "purpose.kept", purpose));
            }
        }
        if (!issues.isEmpty()) {
            throw new InvalidNoticeException(issues, messages);
        }
        return NoticeRules.normalise(draft);
    }

    /** The versions of a visible notice, oldest first, with the entity's notice writers held off. */
    private List<NoticeVersionView> lockedVersions(String entityCode, String key) {
        GroupEntity entity = visible(entityCode, key);
        store.lock(entity.code());
        List<NoticeVersionView> versions = store.versions(entity.code(), key);
        if (versions.isEmpty()) {
            throw missing(entityCode, key);
        }
        return versions;
    }

    private GroupEntity visible(String entityCode, String key) {
        try {
            return entities.visible(entityCode);
        } catch (NotFoundException e) {
            throw missing(entityCode, key);
        }
    }

    private List<String> held(String entityCode, String key) {
        return store.holders(entityCode).entrySet().stream()
                .filter(holder -> holder.getValue().equals(key))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static Set<String> publishedPurposes(List<NoticeVersionView> versions) {
        Set<String> purposes = new TreeSet<>();
        versions.stream().filter(version -> !version.isDraft()).forEach(version -> purposes.addAll(version.purposes()));
        return purposes;
    }

    private static Set<String> heldAfter(List<NoticeVersionView> versions, NoticeDraft draft) {
        Set<String> purposes = publishedPurposes(versions);
        purposes.addAll(draft.purposes());
        return purposes;
    }

    private static NoticeVersionView find(
            List<NoticeVersionView> versions, String entityCode, String key, int version) {
        return versions.stream()
                .filter(candidate -> candidate.version() == version)
                .findFirst()
                .orElseThrow(() -> missing(entityCode, key, version));
    }

    private static void requireDraft(NoticeVersionView version, String verb) {
        if (!version.isDraft()) {
            throw new ConflictException("Version " + version.version() + " of notice " + version.key()
                    + " is published and cannot be " + verb + ": published versions never change; start a new"
                    + " version instead");
        }
    }

    private static PublishedNotice toPublished(NoticeVersionView version) {
        return new PublishedNotice(
                version.key(),
                version.entity(),
                version.version(),
                version.purposes().stream().map(TermKey::of).toList(),
                version.texts(),
                Set.copyOf(version.channels()),
                version.material(),
                version.contentHash(),
                requirePublishedAt(version));
    }

    private static Instant requirePublishedAt(NoticeVersionView version) {
        Instant publishedAt = version.publishedAt();
        if (publishedAt == null) {
            throw new IllegalStateException("Version " + version.version() + " of " + version.key() + " is a draft");
        }
        return publishedAt;
    }

    private static String hash(NoticeDraft content) {
        return ContentHash.of(content.purposes(), content.texts());
    }

    private static NotFoundException missing(String entityCode, String key) {
        return new NotFoundException("No notice " + key + " in entity " + entityCode);
    }

    private static NotFoundException missing(String entityCode, String key, int version) {
        return new NotFoundException("No version " + version + " of notice " + key + " in entity " + entityCode);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
