package io.custodia.core.decision;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The exact expiries of grants that do not lapse at their subject's earliest expiry: a primitive open-addressing map
 * from (subject, purpose slot) to a compact expiry, read without locks while one writer at a time changes it.
 *
 * <p>Keys go from empty to a key to a tombstone, and a value changes only for its key, so a reader that finds its key
 * reads a value that was that key's at some point; whether it is still current is the caller's seqlock's business
 * ({@link ConsentIndex}). Growing copies the live entries into a new table published through a volatile field.
 */
final class ExpiryOverflow {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final long EMPTY = 0;
    private static final long TOMBSTONE = -1;

    /** What {@link #get} answers for a key it does not hold. */
    static final long ABSENT = -1;

    private volatile Table table = new Table(16);

    private static final class Table {
        final long[] keys;
        final int[] values;
        int live;
        int used;

        Table(int capacity) {
            keys = new long[capacity];
            values = new int[capacity];
        }
    }

    static long key(int subject, int slot) {
        // Stored plus one, so that the zero of a fresh array means empty.
        return (((long) subject << 16) | slot) + 1;
    }

    /** The compact expiry stored for the key, as an unsigned value, or {@link #ABSENT}. */
    long get(long key) {
        Table current = table;
        long[] keys = current.keys;
        int mask = keys.length - 1;
        for (int index = mix(key) & mask; ; index = (index + 1) & mask) {
            long found = (long) LONGS.getAcquire(keys, index);
            if (found == key) {
                return Integer.toUnsignedLong((int) INTS.getAcquire(current.values, index));
            }
            if (found == EMPTY) {
                return ABSENT;
            }
        }
    }

    /** Stores the value for the key. Only the index's writer calls this. */
    void put(long key, int value) {
        Table current = table;
        int mask = current.keys.length - 1;
        for (int index = mix(key) & mask; ; index = (index + 1) & mask) {
            long found = current.keys[index];
            if (found == key) {
                INTS.setRelease(current.values, index, value);
                return;
            }
            if (found == EMPTY) {
                if ((current.used + 1) * 4 > current.keys.length * 3) {
                    grow();
                    put(key, value);
                    return;
                }
                INTS.setRelease(current.values, index, value);
                LONGS.setRelease(current.keys, index, key);
                current.used++;
                current.live++;
                return;
            }
        }
    }

    /** Removes the key if present. Only the index's writer calls this. */
    void remove(long key) {
        Table current = table;
        int mask = current.keys.length - 1;
        for (int index = mix(key) & mask; ; index = (index + 1) & mask) {
            long found = current.keys[index];
            if (found == key) {
                LONGS.setRelease(current.keys, index, TOMBSTONE);
                current.live--;
                return;
            }
            if (found == EMPTY) {
                return;
            }
        }
    }

    /** How many entries are held. */
    int size() {
        return table.live;
    }

    /** The bytes of the table's arrays. */
    long bytes() {
        return table.keys.length * 12L;
    }

    private void grow() {
        Table old = table;
        int capacity = old.keys.length;
        // Double when live entries fill more than half, else just sweep the tombstones: the load stays under 3/4.
        while (old.live * 2 >= capacity) {
            capacity *= 2;
        }
        Table grown = new Table(capacity);
        int mask = capacity - 1;
        for (int index = 0; index < old.keys.length; index++) {
            long key = old.keys[index];
            if (key != EMPTY && key != TOMBSTONE) {
                int slot = mix(key) & mask;
                while (grown.keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                grown.keys[slot] = key;
                grown.values[slot] = old.values[index];
                grown.live++;
                grown.used++;
            }
        }
        table = grown;
    }

    private static int mix(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }
}
