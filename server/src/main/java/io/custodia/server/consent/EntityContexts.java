package io.custodia.server.consent;

import io.custodia.core.NotFoundException;
import io.custodia.core.taxonomy.Term;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import io.custodia.server.notices.NoticePublished;
import io.custodia.server.notices.Notices;
import io.custodia.server.register.ActivityChanged;
import io.custodia.server.register.RecipientChanged;
import io.custodia.server.register.RecipientEntry;
import io.custodia.server.register.Register;
import io.custodia.server.taxonomy.Taxonomy;
import io.custodia.server.taxonomy.TaxonomyChanged;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The entities' contexts ({@link EntityContext}), kept between requests so that recording a consent does not read
 * the entity's register, taxonomy, recipients and notices again each time.
 *
 * <p>Thread-safe. Every call checks the caller's access to the entity first, as reading it afresh would.
 */
@Component
class EntityContexts {

    /*
     * How a kept context stays exact.
     *
     * A context is built from the entity, its jurisdiction pack, the active activities of its register, the
     * taxonomy's terms, the register's recipients and the published notices. Every write to one of these publishes an
     * event in its transaction (ActivityChanged, RecipientChanged, TaxonomyChanged, NoticePublished); entities are
     * never changed once created and packs are read at start. After such a transaction commits, and before the writer
     * answers its caller, every kept context is dropped. So a request that starts after a change has been answered
     * reads the context afresh: the next write sees the change, as when nothing was kept.
     *
     * A request that was building a context while the change committed may have read the old facts. It must not keep
     * them: each context is kept with the generation that was current when its reading began, dropping contexts
     * moves to the next generation, and a context of an older generation is never used. A context in use by a
     * request when the change commits is used to the end of that request, which overlapped the change.
     *
     * Several server instances on one database do not hear each other's events, so a context is also read afresh
     * once it is older than custodia.consent.context-max-age (10 s by default): across instances, the register's
     * changes reach the consent checks within that time.
     */

    private final Entities entities;
    private final PurposeCatalog catalog;
    private final Taxonomy taxonomy;
    private final Register register;
    private final Notices notices;
    private final Staff staff;
    private final long maxAgeNanos;
    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentMap<String, Kept> kept = new ConcurrentHashMap<>();

    private record Kept(long generation, long readAt, EntityContext context) {}

    @SuppressWarnings("TooManyParameters") // the features a context is read from
    EntityContexts(
            Entities entities,
            PurposeCatalog catalog,
            Taxonomy taxonomy,
            Register register,
            Notices notices,
            Staff staff,
            @Value("${custodia.consent.context-max-age:PT10S}") Duration maxAge) {
        this.entities = entities;
        this.catalog = catalog;
        this.taxonomy = taxonomy;
        this.register = register;
        this.notices = notices;
        this.staff = staff;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /**
     * The context of an entity the caller may see.
     *
     * @throws org.springframework.security.access.AccessDeniedException when a service token acts for another entity
     * @throws NotFoundException when the entity does not exist or is outside the caller's scope
     */
    EntityContext of(String entityCode) {
        staff.service().ifPresent(service -> service.requireEntity(entityCode));
        staff.requireEntity(entityCode);
        long current = generation.get();
        long now = System.nanoTime();
        Kept found = kept.get(entityCode);
        if (found != null && found.generation() == current && now - found.readAt() < maxAgeNanos) {
            return found.context();
        }
        EntityContext read = read(entityCode);
        kept.put(entityCode, new Kept(current, now, read));
        return read;
    }

    /** Drops every kept context; the next request of each entity reads it afresh. */
    void forget() {
        generation.incrementAndGet();
        kept.clear();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ActivityChanged changed) {
        forget();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RecipientChanged changed) {
        forget();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaxonomyChanged changed) {
        forget();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(NoticePublished published) {
        forget();
    }

    private EntityContext read(String entityCode) {
        GroupEntity entity =
                entities.find(entityCode).orElseThrow(() -> new NotFoundException("No entity " + entityCode));
        return new EntityContext(
                entity,
                entities.jurisdiction(entity),
                catalog.of(entity.code()),
                byKey(taxonomy.purposes(entity.code()), Term::key),
                byKey(taxonomy.dataCategories(entity.code()), Term::key),
                register.recipients(entity.code()).stream()
                        .collect(Collectors.toMap(RecipientEntry::key, Function.identity(), (one, other) -> one)),
                new NoticeFacts(entity.code(), notices));
    }

    private static <K, V> Map<K, V> byKey(List<V> values, Function<V, K> key) {
        return values.stream().collect(Collectors.toMap(key, Function.identity(), (one, other) -> other));
    }
}
