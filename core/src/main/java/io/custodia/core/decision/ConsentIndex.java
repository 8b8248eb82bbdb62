package io.custodia.core.decision;

import io.custodia.core.InvalidInputException;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.consent.ConsentState;
import io.custodia.core.taxonomy.TermKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * A compact replica of one entity's customers' consent states and flags, as the changes feed reports them: what an
 * {@link Engine} reads to decide about a customer.
 *
 * <p>Customers are numbered in the order the index first hears of them (their <em>ordinal</em>, from 0); decisions and
 * audiences address them by ordinal, or by id through a lookup. A customer the index never heard of has no consent
 * and no flags.
 *
 * <p>Thread-safety: any number of threads may read while changes are applied; reads take no lock and allocate
 * nothing. Changes are applied one at a time (the writing methods are synchronized), as a feed consumer applies them
 * in commit order.
 */
public final class ConsentIndex {

    /*
     * Layout.
     *
     * Each customer has `stride` longs of state and one int. Purposes get a slot each, in the order the index first
     * sees them; a slot's status takes 3 bits, sixteen slots to a long, so bits 0-47 of the customer's k-th long hold
     * slots 16k to 16k+15. Bits 48-63 of the first long hold the flags:
     *
     *   48 erased, 49 restricted, 50 parental consent, 52-55 the age band's ordinal, 56-63 a version (below).
     *
     * The int is the customer's earliest expiry: the smallest expiry among their grants that must be renewed, in
     * seconds since 2020-01-01T00:00:00Z as an unsigned int (to the year 2156), all ones when none. A grant whose
     * expiry is later than that has its exact expiry in the overflow map, keyed by (customer, slot); one lapsing at
     * the earliest expiry has no entry. Customers usually grant several purposes in one prompt, so their grants
     * share an expiry and the overflow stays small; each grant with an expiry of its own costs 12 bytes, 16 to 32
     * with the table's slack (it is kept between 3/8 and 3/4 full). A decision reads the overflow only when now is past the earliest expiry.
     *
     * So a customer costs 8 bytes of state per 16 purposes plus 4, besides the id directory (16 bytes of id and
     * 4 to 8 of hash table) and the per-purpose bitmaps of granted customers used by audiences.
     *
     * Arrays are paged (2^14 customers a page) so that growing never copies the state, only the array of pages.
     *
     * Concurrency.
     *
     * One writer at a time (synchronized methods), readers without locks. A customer's state spans several words
     * (the longs, the int, overflow entries), so each customer's first long carries an 8-bit version used as a
     * seqlock: the writer makes it odd before changing anything of that customer and even again, with the new
     * flags and statuses, as its last release store; a reader reads the first long (acquire), waits while the
     * version is odd, reads the rest, and reads the first long again after a load fence: if it changed, it reads
     * again. A decision therefore always sees one state the customer was really in, never a mix of two, which
     * matters for "stop means stop": a withdrawal is never half-seen as a grant with another purpose's expiry.
     * The version wraps after 128 changes; a reader stalled across exactly 128 changes of one customer could
     * mistake the state, which is as likely as that reader pausing for the whole time a feed takes to deliver 128
     * changes of one person.
     *
     * When a 17th purpose arrives the stride grows: the writer copies every customer into new pages, publishes
     * them, then marks every customer of the old pages as being written for good, so that a reader still holding
     * the old pages retries and finds the new ones.
     *
     * The granted bitmaps (one RoaringBitmap per slot) are changed only by the writer; an audience copies the one it
     * needs under the writer's lock (about a millisecond for ten million customers) and filters the copy with the
     * same lock-free reads a decision uses.
     */

    static final int NONE = 0;
    static final int GRANTED = 1;
    static final int GRANTED_EXPIRING = 2;
    static final int REFUSED = 3;
    static final int WITHDRAWN = 4;
    static final int OBJECTED = 5;
    static final int EXPIRED = 6;
    static final int RECONSENT_REQUIRED = 7;

    static final int SLOTS_PER_WORD = 16;
    static final int BITS_PER_SLOT = 3;
    static final long SLOT_MASK = 0b111;
    static final long STATUS_BITS = (1L << 48) - 1;
    static final int FLAGS_SHIFT = 48;
    static final long ERASED = 1L << 48;
    static final long RESTRICTED = 1L << 49;
    static final long PARENTAL_CONSENT = 1L << 50;
    static final int AGE_SHIFT = 52;
    static final long AGE_BITS = 0xFL << AGE_SHIFT;
    static final long VERSION_ONE = 1L << 56;
    static final long WRITING = VERSION_ONE;

    /** The origin of compact times: 2020-01-01T00:00:00Z. */
    static final long EPOCH = 1_577_836_800L;

    static final int NO_EXPIRY = -1;

    private static final int PAGE_BITS = 14;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int MAX_SLOTS = 1 << 10;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    /** The state arrays; replaced whole when the stride or the number of pages grows. */
    static final class Storage {
        final int stride;
        final long[][] words;
        final int[][] expiries;
        final long[][] ids;

        Storage(int stride, long[][] words, int[][] expiries, long[][] ids) {
            this.stride = stride;
            this.words = words;
            this.expiries = expiries;
            this.ids = ids;
        }
    }

    private volatile Storage storage;
    private volatile int size;
    private volatile int[] directory;
    private volatile Map<TermKey, Integer> slots = Map.of();
    private volatile Map<String, Integer> slotsByKey = Map.of();
    private final ExpiryOverflow overflow = new ExpiryOverflow();
    private RoaringBitmap[] granted = new RoaringBitmap[0];

    // The writer's scratch space for one customer's expiring grants.
    private long[] expiringScratch = new long[SLOTS_PER_WORD];

    private ConsentIndex(int expectedSubjects) {
        int pages = Math.max(1, (expectedSubjects + PAGE_SIZE - 1) / PAGE_SIZE);
        storage = new Storage(1, new long[pages][], new int[pages][], new long[pages][]);
        directory = new int[tableCapacity(Math.max(16, expectedSubjects))];
    }

    /** An empty index. */
    public static ConsentIndex create() {
        return new ConsentIndex(0);
    }

    /** An empty index sized for about {@code expectedSubjects} customers, which saves regrowing while it fills. */
    public static ConsentIndex create(int expectedSubjects) {
        if (expectedSubjects < 0) {
            throw InvalidInputException.of("expectedSubjects", "cannot be negative, got " + expectedSubjects);
        }
        return new ConsentIndex(expectedSubjects);
    }

    // ---------------------------------------------------------------- writing

    /**
     * Applies a customer's new consent state for a purpose.
     *
     * @throws InvalidInputException for a status this index does not know, changing nothing
     */
    public synchronized void apply(ConsentChanged change) {
        int code = code(change.status(), change.expiresAt() != null);
        Integer known = slotsByKey.get(change.purpose());
        int slot = known != null ? known : slotFor(TermKey.of(change.purpose()));
        put(change.subjectId(), slot, code, change.expiresAt());
    }

    /**
     * Sets a customer's consent status for a purpose, as a row of a snapshot gives it: the same as applying the
     * {@link ConsentChanged} it stands for. Meant for filling an index from a snapshot before following the feed.
     *
     * @param expiresAt for a grant that must be renewed, the first instant it is no longer in force; else null
     */
    public synchronized void load(
            UUID subject, TermKey purpose, ConsentState.Status status, @Nullable Instant expiresAt) {
        int code =
                switch (status) {
                    case NONE -> NONE;
                    case GRANTED -> expiresAt == null ? GRANTED : GRANTED_EXPIRING;
                    case REFUSED -> REFUSED;
                    case WITHDRAWN -> WITHDRAWN;
                    case OBJECTED -> OBJECTED;
                    case EXPIRED -> EXPIRED;
                    case RECONSENT_REQUIRED -> RECONSENT_REQUIRED;
                };
        put(subject, slotFor(purpose), code, expiresAt);
    }

    private void put(UUID subjectId, int slot, int code, @Nullable Instant expiresAt) {
        int subject = ordinalFor(subjectId);
        int expiry = code == GRANTED_EXPIRING && expiresAt != null ? compact(expiresAt.getEpochSecond()) : NO_EXPIRY;
        setStatus(subject, slot, code, expiry);
    }

    /** Applies a customer's new flags. */
    public synchronized void apply(SubjectFlagsChanged change) {
        int subject = ordinalFor(change.subjectId());
        Storage current = storage;
        long[] page = current.words[subject >>> PAGE_BITS];
        int base = (subject & PAGE_MASK) * current.stride;
        long word = page[base];
        LONGS.setRelease(page, base, word + WRITING);
        VarHandle.storeStoreFence();
        long flags = (change.erased() ? ERASED : 0)
                | (change.restricted() ? RESTRICTED : 0)
                | (change.parentalConsent() ? PARENTAL_CONSENT : 0)
                | ((long) change.ageBand().ordinal() << AGE_SHIFT);
        long next = (word & ~(ERASED | RESTRICTED | PARENTAL_CONSENT | AGE_BITS)) | flags;
        LONGS.setRelease(page, base, next + 2 * VERSION_ONE);
    }

    /**
     * Marks every grant of the purpose as needing renewal: what the fold says of grants given before a notice version
     * that changed the notice materially. Every grant the index holds was recorded before the new version existed,
     * since changes arrive in commit order.
     */
    synchronized void requireReconsent(TermKey purpose) {
        Integer slot = slots.get(purpose);
        if (slot == null) {
            return;
        }
        RoaringBitmap holders = granted[slot].clone();
        holders.forEach((int subject) -> setStatus(subject, slot, RECONSENT_REQUIRED, NO_EXPIRY));
    }

    /** The slot of a purpose, given it one if it has none yet. */
    synchronized int slotFor(TermKey purpose) {
        Integer slot = slots.get(purpose);
        if (slot != null) {
            return slot;
        }
        int next = slots.size();
        if (next >= MAX_SLOTS) {
            throw new IllegalStateException("an index holds at most " + MAX_SLOTS + " purposes");
        }
        if (next >= storage.stride * SLOTS_PER_WORD) {
            restride(storage.stride + 1);
        }
        Map<TermKey, Integer> grown = new HashMap<>(slots);
        grown.put(purpose, next);
        Map<String, Integer> grownByKey = new HashMap<>(slotsByKey);
        grownByKey.put(purpose.value(), next);
        granted = Arrays.copyOf(granted, next + 1);
        granted[next] = new RoaringBitmap();
        slots = Map.copyOf(grown);
        slotsByKey = Map.copyOf(grownByKey);
        return next;
    }

    private void setStatus(int subject, int slot, int code, int expiry) {
        Storage current = storage;
        int stride = current.stride;
        long[] page = current.words[subject >>> PAGE_BITS];
        int base = (subject & PAGE_MASK) * stride;
        int[] expiryPage = current.expiries[subject >>> PAGE_BITS];
        int expiryIndex = subject & PAGE_MASK;
        long first = page[base];
        int earliest = expiryPage[expiryIndex];

        // The customer's expiring grants after the change, as (slot << 32 | unsigned expiry).
        int count = 0;
        for (int other = 0; other < stride * SLOTS_PER_WORD; other++) {
            if (other == slot) {
                continue;
            }
            long word = page[base + other / SLOTS_PER_WORD];
            if (statusOf(word, other) == GRANTED_EXPIRING) {
                long exact = overflow.get(ExpiryOverflow.key(subject, other));
                long at = exact == ExpiryOverflow.ABSENT ? Integer.toUnsignedLong(earliest) : exact;
                count = remember(count, ((long) other << 32) | at);
            }
        }
        if (code == GRANTED_EXPIRING) {
            count = remember(count, ((long) slot << 32) | Integer.toUnsignedLong(expiry));
        }
        long newEarliest = Integer.toUnsignedLong(NO_EXPIRY);
        for (int index = 0; index < count; index++) {
            newEarliest = Math.min(newEarliest, expiringScratch[index] & 0xFFFF_FFFFL);
        }

        LONGS.setRelease(page, base, first + WRITING);
        VarHandle.storeStoreFence();
        overflow.remove(ExpiryOverflow.key(subject, slot));
        for (int index = 0; index < count; index++) {
            long entry = expiringScratch[index];
            long key = ExpiryOverflow.key(subject, (int) (entry >>> 32));
            long at = entry & 0xFFFF_FFFFL;
            if (at == newEarliest) {
                overflow.remove(key);
            } else {
                overflow.put(key, (int) at);
            }
        }
        INTS.setRelease(expiryPage, expiryIndex, (int) newEarliest);
        int wordIndex = slot / SLOTS_PER_WORD;
        int shift = (slot % SLOTS_PER_WORD) * BITS_PER_SLOT;
        if (wordIndex == 0) {
            long next = (first & ~(SLOT_MASK << shift)) | ((long) code << shift);
            LONGS.setRelease(page, base, next + 2 * VERSION_ONE);
        } else {
            long word = page[base + wordIndex];
            LONGS.setRelease(page, base + wordIndex, (word & ~(SLOT_MASK << shift)) | ((long) code << shift));
            LONGS.setRelease(page, base, first + 2 * VERSION_ONE);
        }
        if (code == GRANTED || code == GRANTED_EXPIRING) {
            granted[slot].add(subject);
        } else {
            granted[slot].remove(subject);
        }
    }

    private int remember(int count, long entry) {
        if (count == expiringScratch.length) {
            expiringScratch = Arrays.copyOf(expiringScratch, count * 2);
        }
        expiringScratch[count] = entry;
        return count + 1;
    }

    private int ordinalFor(UUID subject) {
        int known = find(subject.getMostSignificantBits(), subject.getLeastSignificantBits());
        if (known >= 0) {
            return known;
        }
        int ordinal = size;
        Storage current = ensurePage(ordinal);
        long[] idPage = current.ids[ordinal >>> PAGE_BITS];
        int at = (ordinal & PAGE_MASK) * 2;
        idPage[at] = subject.getMostSignificantBits();
        idPage[at + 1] = subject.getLeastSignificantBits();
        int[] table = directory;
        if ((ordinal + 1) * 4L > table.length * 3L) {
            table = rehash(table.length * 2, ordinal);
        }
        size = ordinal + 1;
        insert(table, ordinal);
        return ordinal;
    }

    private Storage ensurePage(int ordinal) {
        Storage current = storage;
        int pageIndex = ordinal >>> PAGE_BITS;
        if (pageIndex >= current.words.length) {
            int pages = Math.max(pageIndex + 1, current.words.length * 2);
            current = new Storage(
                    current.stride,
                    Arrays.copyOf(current.words, pages),
                    Arrays.copyOf(current.expiries, pages),
                    Arrays.copyOf(current.ids, pages));
            storage = current;
        }
        if (current.words[pageIndex] == null) {
            int[] expiries = new int[PAGE_SIZE];
            Arrays.fill(expiries, NO_EXPIRY);
            current.expiries[pageIndex] = expiries;
            current.ids[pageIndex] = new long[PAGE_SIZE * 2];
            current.words[pageIndex] = new long[PAGE_SIZE * current.stride];
        }
        return current;
    }

    private void restride(int stride) {
        Storage old = storage;
        long[][] words = new long[old.words.length][];
        for (int pageIndex = 0; pageIndex < old.words.length; pageIndex++) {
            long[] oldPage = old.words[pageIndex];
            if (oldPage == null) {
                continue;
            }
            long[] page = new long[PAGE_SIZE * stride];
            for (int subject = 0; subject < PAGE_SIZE; subject++) {
                System.arraycopy(oldPage, subject * old.stride, page, subject * stride, old.stride);
            }
            words[pageIndex] = page;
        }
        storage = new Storage(stride, words, old.expiries, old.ids);
        for (long[] oldPage : old.words) {
            if (oldPage == null) {
                continue;
            }
            for (int subject = 0; subject < PAGE_SIZE; subject++) {
                int at = subject * old.stride;
                LONGS.setRelease(oldPage, at, oldPage[at] | WRITING);
            }
        }
    }

    private int[] rehash(int capacity, int upTo) {
        int[] table = new int[capacity];
        for (int ordinal = 0; ordinal < upTo; ordinal++) {
            insert(table, ordinal);
        }
        directory = table;
        return table;
    }

    private void insert(int[] table, int ordinal) {
        Storage current = storage;
        long[] idPage = current.ids[ordinal >>> PAGE_BITS];
        int at = (ordinal & PAGE_MASK) * 2;
        int mask = table.length - 1;
        int index = hash(idPage[at], idPage[at + 1]) & mask;
        while (table[index] != 0) {
            index = (index + 1) & mask;
        }
        INTS.setRelease(table, index, ordinal + 1);
    }

    private static int tableCapacity(int entries) {
        int capacity = Integer.highestOneBit(Math.max(16, entries));
        while (entries * 4L > capacity * 3L) {
            capacity *= 2;
        }
        return capacity;
    }

    // ---------------------------------------------------------------- reading

    /** How many customers the index knows. */
    public int size() {
        return size;
    }

    /** The ordinal of a customer, absent when the index never heard of them. */
    public OptionalInt ordinalOf(UUID subject) {
        int ordinal = find(subject.getMostSignificantBits(), subject.getLeastSignificantBits());
        return ordinal < 0 ? OptionalInt.empty() : OptionalInt.of(ordinal);
    }

    /**
     * The customer with an ordinal.
     *
     * @throws IndexOutOfBoundsException when no customer has it
     */
    public UUID subjectAt(int ordinal) {
        if (ordinal < 0 || ordinal >= size) {
            throw new IndexOutOfBoundsException("no customer has ordinal " + ordinal + "; the index holds " + size);
        }
        long[] idPage = storage.ids[ordinal >>> PAGE_BITS];
        int at = (ordinal & PAGE_MASK) * 2;
        return new UUID(idPage[at], idPage[at + 1]);
    }

    /** The ordinal of the customer with this id, or -1; allocates nothing. */
    int find(long mostSignificant, long leastSignificant) {
        int[] table = directory;
        Storage current = storage;
        int mask = table.length - 1;
        for (int index = hash(mostSignificant, leastSignificant) & mask; ; index = (index + 1) & mask) {
            int entry = (int) INTS.getAcquire(table, index);
            if (entry == 0) {
                return -1;
            }
            int ordinal = entry - 1;
            long[] idPage = current.ids[ordinal >>> PAGE_BITS];
            if (idPage == null) {
                // Pages grew after this read of the storage: read both again.
                return find(mostSignificant, leastSignificant);
            }
            int at = (ordinal & PAGE_MASK) * 2;
            if (idPage[at] == mostSignificant && idPage[at + 1] == leastSignificant) {
                return ordinal;
            }
        }
    }

    /** The slot of a purpose, or -1 when no change ever named it. */
    int slotOf(TermKey purpose) {
        Integer slot = slots.get(purpose);
        return slot == null ? -1 : slot;
    }

    Storage storage() {
        return storage;
    }

    /** The first long of a customer (flags, first sixteen statuses, version), or 0 for an unknown one. */
    static long firstWord(Storage current, int subject) {
        long[] page = current.words[subject >>> PAGE_BITS];
        return (long) LONGS.getAcquire(page, (subject & PAGE_MASK) * current.stride);
    }

    /** The k-th long of a customer. */
    static long word(Storage current, int subject, int k) {
        long[] page = current.words[subject >>> PAGE_BITS];
        return (long) LONGS.getAcquire(page, (subject & PAGE_MASK) * current.stride + k);
    }

    /** The exact expiry of a customer's grant in a slot, in epoch seconds. */
    long expiryOf(Storage current, int subject, int slot) {
        long exact = overflow.get(ExpiryOverflow.key(subject, slot));
        if (exact == ExpiryOverflow.ABSENT) {
            exact = Integer.toUnsignedLong(
                    (int) INTS.getAcquire(current.expiries[subject >>> PAGE_BITS], subject & PAGE_MASK));
        }
        return exact + EPOCH;
    }

    /** The earliest expiry of a customer's grants, in epoch seconds; far in the future when none expires. */
    static long earliestExpiry(Storage current, int subject) {
        int compact = (int) INTS.getAcquire(current.expiries[subject >>> PAGE_BITS], subject & PAGE_MASK);
        return Integer.toUnsignedLong(compact) + EPOCH;
    }

    static int statusOf(long word, int slot) {
        return (int) ((word >>> ((slot % SLOTS_PER_WORD) * BITS_PER_SLOT)) & SLOT_MASK);
    }

    /** A copy of the customers currently holding a grant for the slot. */
    synchronized RoaringBitmap grantedCopy(int slot) {
        return slot < 0 || slot >= granted.length ? new RoaringBitmap() : granted[slot].clone();
    }

    /** What the index holds, in bytes, counted from its own arrays. */
    public synchronized Footprint footprint() {
        Storage current = storage;
        long state = 0;
        long ids = 0;
        for (int pageIndex = 0; pageIndex < current.words.length; pageIndex++) {
            if (current.words[pageIndex] != null) {
                state += current.words[pageIndex].length * 8L + current.expiries[pageIndex].length * 4L;
                ids += current.ids[pageIndex].length * 8L;
            }
        }
        long bitmaps = 0;
        for (RoaringBitmap bitmap : granted) {
            bitmaps += bitmap.getLongSizeInBytes();
        }
        return new Footprint(
                size, slots.size(), state, overflow.bytes(), overflow.size(), bitmaps, ids, directory.length * 4L);
    }

    /**
     * What an index holds, in bytes of its arrays (object headers and page references left out: under 0.1%).
     *
     * @param subjects the customers known
     * @param purposes the purposes with a slot
     * @param stateBytes statuses, flags and earliest expiries, by page
     * @param overflowBytes the exact expiries that differ from a customer's earliest one
     * @param overflowEntries how many such expiries are held
     * @param grantedBitmapBytes the per-purpose bitmaps of granted customers, used by audiences
     * @param idBytes the customers' ids, by ordinal
     * @param directoryBytes the hash table from id to ordinal
     */
    public record Footprint(
            int subjects,
            int purposes,
            long stateBytes,
            long overflowBytes,
            int overflowEntries,
            long grantedBitmapBytes,
            long idBytes,
            long directoryBytes) {

        /** The bytes decisions and audiences by ordinal need, per customer. */
        public double decisionBytesPerSubject() {
            return subjects == 0 ? 0 : (double) (stateBytes + overflowBytes + grantedBitmapBytes) / subjects;
        }

        /** The bytes the lookup by id adds, per customer. */
        public double directoryBytesPerSubject() {
            return subjects == 0 ? 0 : (double) (idBytes + directoryBytes) / subjects;
        }
    }

    // ---------------------------------------------------------------- encoding

    private static int code(String status, boolean expires) {
        return switch (status) {
            case "none" -> NONE;
            case "granted" -> expires ? GRANTED_EXPIRING : GRANTED;
            case "refused" -> REFUSED;
            case "withdrawn" -> WITHDRAWN;
            case "objected" -> OBJECTED;
            case "expired" -> EXPIRED;
            case "reconsent_required" -> RECONSENT_REQUIRED;
            default -> throw InvalidInputException.of("status", "not a consent status this replica knows: " + status);
        };
    }

    static int compact(long epochSecond) {
        long since = epochSecond - EPOCH;
        if (since <= 0) {
            return 0;
        }
        return (int) Math.min(since, 0xFFFF_FFFEL);
    }

    static AgeBand ageBand(long firstWord) {
        return AgeBand.values()[(int) ((firstWord & AGE_BITS) >>> AGE_SHIFT)];
    }

    private static int hash(long mostSignificant, long leastSignificant) {
        long mixed = (mostSignificant ^ Long.rotateLeft(leastSignificant, 29)) * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }
}
