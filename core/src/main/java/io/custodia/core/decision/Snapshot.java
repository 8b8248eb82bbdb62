package io.custodia.core.decision;

import io.custodia.core.InvalidInputException;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.consent.ConsentState;
import io.custodia.core.taxonomy.TermKey;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * One entity's decision replica at a feed position, as a compact binary stream: what a replica loads before it
 * follows the changes feed from that position.
 *
 * <p>Written with {@link #writer} one customer at a time and read with {@link #read} in one pass, so that neither
 * side holds the file in memory: the server streams customers out of its database, the reader puts each straight
 * into a {@link ConsentIndex}.
 */
public final class Snapshot {

    /*
     * Format, version 1. Numbers are big-endian; a varint is an unsigned LEB128 (7 bits a byte, low bits first); a
     * zigzag varint maps signed to unsigned (0, -1, 1, -2 ... to 0, 1, 2, 3 ...); a string is a varint byte length
     * and UTF-8 bytes; an optional string is a byte 0 (absent) or 1 followed by the string.
     *
     *   magic        4 bytes "CSNP"
     *   version      1 byte, 1
     *   position     8 bytes, the feed position the state is at
     *   entity       string
     *   policy       the PolicyDocument (see writePolicy), field by field in declaration order
     *   records      any number, each a tag byte then its body:
     *     1 purpose  string: the purpose's key, numbered from 0 in the order of these records
     *     2 customer 16 bytes of id (most significant long first)
     *                1 byte of flags: bit 0 erased, bit 1 restricted, bit 2 parental consent, bits 3-6 the age band
     *                  (AgeBand's order: unknown, under_13, age_13 ... age_17, adult)
     *                varint: how many consent states follow; each is
     *                  varint (purpose number << 3 | status), status 0 none, 1 granted, 2 granted with a renewal
     *                  date, 3 refused, 4 withdrawn, 5 objected, 6 expired, 7 reconsent required;
     *                  for status 2, a zigzag varint: the renewal date in epoch seconds minus the previous renewal
     *                  date of the same customer (0 for the first), so that grants given together cost one byte
     *     3 flags    16 bytes of id and 1 byte of flags, as in a customer record, for a customer whose flags are
     *                written apart from their states (the writer's flags(...)); applied over what came before
     *     0 end      varint: the number of customer and flags records
     *                4 bytes: the CRC-32 of every byte before these four
     *
     * A purpose record comes before the first customer that names it, so the writer needs no list of purposes in
     * advance. A customer costs 18 bytes plus one per state, plus about five for their first renewal date: 16
     * purposes take 35 to 40 bytes. The state keeps no `since`: the replica does not use it, and the feed's
     * consent.changed still carries it.
     *
     * A download cut short ends before the end record's CRC (an EOF), or has bytes missing that make the CRC differ;
     * both are reported, and the half-filled engine is dropped. Lengths and counts are bounded before anything is
     * allocated for them, so a corrupt length cannot ask for gigabytes before the CRC is checked.
     */

    private static final byte[] MAGIC = {'C', 'S', 'N', 'P'};
    private static final int VERSION = 1;
    private static final int END = 0;
    private static final int PURPOSE = 1;
    private static final int CUSTOMER = 2;
    private static final int FLAGS = 3;
    private static final int GRANTED_RENEWABLE = 2;
    private static final String[] STATUSES = {
        "none", "granted", "granted", "refused", "withdrawn", "objected", "expired", "reconsent_required"
    };
    private static final ConsentState.Status[] LOADED = {
        ConsentState.Status.NONE,
        ConsentState.Status.GRANTED,
        ConsentState.Status.GRANTED,
        ConsentState.Status.REFUSED,
        ConsentState.Status.WITHDRAWN,
        ConsentState.Status.OBJECTED,
        ConsentState.Status.EXPIRED,
        ConsentState.Status.RECONSENT_REQUIRED
    };
    private static final int MAX_TEXT = 1 << 20;
    private static final int MAX_ITEMS = 1 << 20;
    private static final int MAX_PURPOSES = 1 << 10;
    private static final long MIN_EXPIRY = Instant.MIN.getEpochSecond();
    private static final long MAX_EXPIRY = Instant.MAX.getEpochSecond();
    private static final AgeBand[] BANDS = AgeBand.values();

    private Snapshot() {}

    /**
     * What {@link #read} found.
     *
     * @param position the feed position the state is at: follow the feed after it
     * @param entityCode the entity
     * @param engine an engine with the snapshot's policy and every customer of the snapshot in its index
     * @param subjects how many customers the snapshot held (the engine's index size)
     */
    public record Loaded(long position, String entityCode, Engine engine, long subjects) {}

    /**
     * Starts a snapshot: writes its header.
     *
     * @param out where it goes; buffered here, flushed by {@link Writer#finish()}, never closed
     * @param position the feed position the customers' states will be at
     * @param policy the entity's policy at that position
     * @throws InvalidInputException when the policy is not valid or is another entity's, or the position is negative
     */
    public static Writer writer(OutputStream out, String entityCode, long position, PolicyDocument policy)
            throws IOException {
        if (position < 0) {
            throw InvalidInputException.of("position", "a feed position is 0 or more, got " + position);
        }
        if (!entityCode.equals(policy.entity())) {
            throw InvalidInputException.of(
                    "policy.entity", "the policy of " + policy.entity() + " in a snapshot of " + entityCode);
        }
        policy.toPolicy();
        return new Writer(out, entityCode, position, policy);
    }

    /**
     * Writes one entity's customers after a header: each with {@link #subject}, or, when a customer's flags and
     * states are read apart, their states with {@link #subject} (default flags) and their flags with {@link #flags}
     * later. Not thread-safe; use once.
     */
    public static final class Writer {
        private final Out out;
        private final String entityCode;
        private final Map<String, Integer> purposes = new HashMap<>();
        private long records;
        private boolean finished;

        private Writer(OutputStream stream, String entityCode, long position, PolicyDocument policy)
                throws IOException {
            this.out = new Out(stream);
            this.entityCode = entityCode;
            out.bytes(MAGIC);
            out.u8(VERSION);
            out.int64(position);
            out.string(entityCode);
            writePolicy(out, policy);
        }

        /**
         * Adds a customer.
         *
         * @param states the customer's consent state per purpose, each as the feed last reported it
         * @throws InvalidInputException when a state is another customer's or entity's, has a status this format
         *     does not know, or names a purpose twice
         */
        public Writer subject(
                UUID id,
                boolean erased,
                boolean restricted,
                AgeBand band,
                boolean parentalConsent,
                List<ConsentChanged> states)
                throws IOException {
            requireOpen();
            int[] codes = new int[states.size()];
            int[] numbers = new int[states.size()];
            long seen = 0;
            for (int at = 0; at < states.size(); at++) {
                ConsentChanged state = states.get(at);
                String field = "states[" + at + "]";
                if (!state.subjectId().equals(id) || !state.entityCode().equals(entityCode)) {
                    throw InvalidInputException.of(field, "the state of another customer or entity");
                }
                codes[at] = code(field, state);
                numbers[at] = purposeNumber(state.purpose());
                if (numbers[at] < 64) {
                    if ((seen & (1L << numbers[at])) != 0) {
                        throw InvalidInputException.of(field, "purpose " + state.purpose() + " appears twice");
                    }
                    seen |= 1L << numbers[at];
                }
            }
            out.u8(CUSTOMER);
            out.int64(id.getMostSignificantBits());
            out.int64(id.getLeastSignificantBits());
            out.u8(flagBits(erased, restricted, band, parentalConsent));
            out.varint(states.size());
            long previousExpiry = 0;
            for (int at = 0; at < states.size(); at++) {
                out.varint(((long) numbers[at] << 3) | codes[at]);
                if (codes[at] == GRANTED_RENEWABLE) {
                    Instant expiresAt = states.get(at).expiresAt();
                    long expiry = expiresAt == null ? 0 : expiresAt.getEpochSecond();
                    out.zigzag(expiry - previousExpiry);
                    previousExpiry = expiry;
                }
            }
            records++;
            return this;
        }

        /**
         * Sets a customer's flags, whether or not {@link #subject} wrote them before (their flags there are then
         * replaced); for a server that reads flags apart from consent states.
         *
         * @throws InvalidInputException when the flags are another entity's
         */
        public Writer flags(SubjectFlagsChanged flags) throws IOException {
            requireOpen();
            if (!flags.entityCode().equals(entityCode)) {
                throw InvalidInputException.of("flags.entityCode", "the flags of a customer of " + flags.entityCode());
            }
            out.u8(FLAGS);
            out.int64(flags.subjectId().getMostSignificantBits());
            out.int64(flags.subjectId().getLeastSignificantBits());
            out.u8(flagBits(flags.erased(), flags.restricted(), flags.ageBand(), flags.parentalConsent()));
            records++;
            return this;
        }

        /** Writes the end record and flushes. The caller closes the stream. */
        public void finish() throws IOException {
            requireOpen();
            finished = true;
            out.u8(END);
            out.varint(records);
            out.finishWithCrc();
        }

        private void requireOpen() {
            if (finished) {
                throw new IllegalStateException("the snapshot is finished");
            }
        }

        private static int flagBits(boolean erased, boolean restricted, AgeBand band, boolean parentalConsent) {
            return (erased ? 1 : 0) | (restricted ? 2 : 0) | (parentalConsent ? 4 : 0) | (band.ordinal() << 3);
        }

        private int purposeNumber(String purpose) throws IOException {
            Integer known = purposes.get(purpose);
            if (known != null) {
                return known;
            }
            int number = purposes.size();
            if (number >= MAX_PURPOSES) {
                throw InvalidInputException.of("purposes", "a snapshot holds at most " + MAX_PURPOSES + " purposes");
            }
            purposes.put(purpose, number);
            out.u8(PURPOSE);
            out.string(purpose);
            return number;
        }

        private static int code(String field, ConsentChanged state) {
            String status = state.status();
            if (status.equals("granted")) {
                return state.expiresAt() == null ? 1 : GRANTED_RENEWABLE;
            }
            for (int code = 0; code < STATUSES.length; code++) {
                if (code != 1 && code != GRANTED_RENEWABLE && STATUSES[code].equals(status)) {
                    return code;
                }
            }
            throw InvalidInputException.of(field + ".status", "not a consent status a snapshot holds: " + status);
        }
    }

    /**
     * Reads a snapshot into a new engine, through the index's loading path.
     *
     * @throws InvalidInputException naming what is wrong when the stream is not a snapshot, is of an unknown
     *     version, is truncated or corrupt (CRC), or holds a policy that is not valid
     * @throws IOException when the stream fails
     */
    public static Loaded read(InputStream stream) throws IOException {
        In in = new In(stream);
        byte[] magic = in.bytes(MAGIC.length);
        for (int at = 0; at < MAGIC.length; at++) {
            if (magic[at] != MAGIC[at]) {
                throw InvalidInputException.of("snapshot", "not a Custodia snapshot (its first bytes are wrong)");
            }
        }
        int version = in.u8();
        if (version != VERSION) {
            throw InvalidInputException.of(
                    "snapshot.version",
                    "snapshot format " + version + " is not known here; this reader knows " + VERSION);
        }
        long position = in.int64();
        if (position < 0) {
            throw InvalidInputException.of("snapshot.position", "a feed position is 0 or more, got " + position);
        }
        String entityCode = in.string("snapshot.entity");
        PolicyDocument document = readPolicy(in);
        if (!document.entity().equals(entityCode)) {
            throw InvalidInputException.of(
                    "snapshot.policy.entity", "the policy of " + document.entity() + " in a snapshot of " + entityCode);
        }
        Policy policy;
        try {
            policy = document.toPolicy();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(
                    "the snapshot's policy is not valid: " + e.getMessage(),
                    e.errors().stream()
                            .map(error -> new InvalidInputException.FieldError(
                                    "snapshot.policy." + error.field(), error.message()))
                            .toList());
        }
        ConsentIndex index = ConsentIndex.create();
        Engine engine = Engine.of(policy, index);
        List<TermKey> purposes = new ArrayList<>();
        long records = 0;
        while (true) {
            int tag = in.u8();
            if (tag == PURPOSE) {
                if (purposes.size() >= MAX_PURPOSES) {
                    throw InvalidInputException.of("snapshot", "more than " + MAX_PURPOSES + " purposes");
                }
                String key = in.string("snapshot.purpose");
                if (!TermKey.isValid(key)) {
                    throw InvalidInputException.of("snapshot.purpose", "'" + key + "' is not a purpose key");
                }
                purposes.add(TermKey.of(key));
            } else if (tag == CUSTOMER) {
                readCustomer(in, engine, entityCode, purposes);
                records++;
            } else if (tag == FLAGS) {
                UUID id = new UUID(in.int64(), in.int64());
                engine.apply(readFlags(in, id, entityCode));
                records++;
            } else if (tag == END) {
                long written = in.varint();
                in.checkCrc();
                if (written != records) {
                    throw InvalidInputException.of(
                            "snapshot", "the end record counts " + written + " records, the snapshot holds " + records);
                }
                if (!in.atEnd()) {
                    throw InvalidInputException.of("snapshot", "bytes follow the end of the snapshot");
                }
                return new Loaded(position, entityCode, engine, index.size());
            } else {
                throw InvalidInputException.of(
                        "snapshot",
                        "unknown record type " + tag + " after " + records + " records: the snapshot is corrupt");
            }
        }
    }

    private static void readCustomer(In in, Engine engine, String entityCode, List<TermKey> purposes)
            throws IOException {
        UUID id = new UUID(in.int64(), in.int64());
        SubjectFlagsChanged flags = readFlags(in, id, entityCode);
        long count = in.varint();
        if (count > purposes.size()) {
            throw InvalidInputException.of(
                    "snapshot", "a customer has " + count + " states for " + purposes.size() + " purposes");
        }
        boolean plain = !flags.erased()
                && !flags.restricted()
                && !flags.parentalConsent()
                && flags.ageBand() == AgeBand.UNKNOWN;
        if (!plain || count == 0) {
            // A customer with no state is still known to the index (audiences walk every known customer).
            engine.apply(flags);
        }
        ConsentIndex index = engine.index();
        long expiry = 0;
        for (long at = 0; at < count; at++) {
            long entry = in.varint();
            int code = (int) (entry & 0x7);
            long number = entry >>> 3;
            if (number >= purposes.size()) {
                throw InvalidInputException.of(
                        "snapshot", "purpose number " + number + " was not defined: the snapshot is corrupt");
            }
            Instant expiresAt = null;
            if (code == GRANTED_RENEWABLE) {
                expiry += in.zigzag();
                if (expiry < MIN_EXPIRY || expiry > MAX_EXPIRY) {
                    throw InvalidInputException.of(
                            "snapshot", "a renewal date of " + expiry + " s is out of range: the snapshot is corrupt");
                }
                expiresAt = Instant.ofEpochSecond(expiry);
            }
            index.load(id, purposes.get((int) number), LOADED[code], expiresAt);
        }
    }

    private static SubjectFlagsChanged readFlags(In in, UUID id, String entityCode) throws IOException {
        int flags = in.u8();
        int band = flags >>> 3;
        if (band >= BANDS.length) {
            throw InvalidInputException.of("snapshot", "age band " + band + " is not known: the snapshot is corrupt");
        }
        return new SubjectFlagsChanged(
                id, entityCode, (flags & 1) != 0, (flags & 2) != 0, BANDS[band], (flags & 4) != 0);
    }

    // ---------------------------------------------------------------- the policy, field by field

    private static void writePolicy(Out out, PolicyDocument policy) throws IOException {
        out.string(policy.entity());
        out.varint(policy.activities().size());
        for (PolicyDocument.Activity activity : policy.activities()) {
            out.string(activity.key());
            out.string(activity.name());
            out.string(activity.status());
            out.varint(activity.purposes().size());
            for (PolicyDocument.Purpose purpose : activity.purposes()) {
                out.string(purpose.key());
                out.string(purpose.legalBasis());
            }
            out.strings(activity.categories());
            out.strings(activity.recipients());
            out.varint(activity.transfers().size());
            for (PolicyDocument.Transfer transfer : activity.transfers()) {
                out.string(transfer.country());
                out.optional(transfer.recipient());
                out.string(transfer.safeguard());
            }
            out.string(activity.review());
            out.optional(activity.retention());
            out.strings(activity.mask());
            out.u8(activity.pseudonymise() ? 1 : 0);
        }
        out.varint(policy.recipients().size());
        for (PolicyDocument.Recipient recipient : policy.recipients()) {
            out.string(recipient.key());
            out.string(recipient.name());
            out.string(recipient.role());
            out.string(recipient.country());
            out.optional(recipient.dpaReference());
            out.optional(recipient.dpaExpiresOn());
            out.string(recipient.status());
            out.u8(recipient.dpfCertified() ? 1 : 0);
        }
        PolicyDocument.Jurisdiction jurisdiction = policy.jurisdiction();
        out.varint(jurisdiction.ageOfDigitalConsent());
        out.strings(jurisdiction.transfers().freeMovement());
        out.varint(jurisdiction.transfers().adequate().size());
        for (PolicyDocument.Adequacy adequacy : jurisdiction.transfers().adequate()) {
            out.string(adequacy.country());
            out.optional(adequacy.condition());
        }
        out.string(jurisdiction.transfers().otherwise());
        out.string(jurisdiction.gpc().effect());
        out.strings(jurisdiction.gpc().purposes());
        out.varint(policy.notices().size());
        for (PolicyDocument.Notice notice : policy.notices()) {
            out.string(notice.purpose());
            out.varint(notice.latest());
            out.varint(notice.lastMaterialVersion());
        }
    }

    private static PolicyDocument readPolicy(In in) throws IOException {
        String field = "snapshot.policy";
        String entity = in.string(field);
        int activityCount = in.count(field);
        List<PolicyDocument.Activity> activities = new ArrayList<>();
        for (int at = 0; at < activityCount; at++) {
            String key = in.string(field);
            String name = in.string(field);
            String status = in.string(field);
            int purposeCount = in.count(field);
            List<PolicyDocument.Purpose> purposes = new ArrayList<>();
            for (int purpose = 0; purpose < purposeCount; purpose++) {
                purposes.add(new PolicyDocument.Purpose(in.string(field), in.string(field)));
            }
            List<String> categories = in.strings(field);
            List<String> recipients = in.strings(field);
            int transferCount = in.count(field);
            List<PolicyDocument.Transfer> transfers = new ArrayList<>();
            for (int transfer = 0; transfer < transferCount; transfer++) {
                transfers.add(new PolicyDocument.Transfer(in.string(field), in.optional(field), in.string(field)));
            }
            String review = in.string(field);
            String retention = in.optional(field);
            List<String> mask = in.strings(field);
            boolean pseudonymise = in.bool(field);
            activities.add(new PolicyDocument.Activity(
                    key,
                    name,
                    status,
                    purposes,
                    categories,
                    recipients,
                    transfers,
                    review,
                    retention,
                    mask,
                    pseudonymise));
        }
        int recipientCount = in.count(field);
        List<PolicyDocument.Recipient> recipients = new ArrayList<>();
        for (int at = 0; at < recipientCount; at++) {
            recipients.add(new PolicyDocument.Recipient(
                    in.string(field),
                    in.string(field),
                    in.string(field),
                    in.string(field),
                    in.optional(field),
                    in.optional(field),
                    in.string(field),
                    in.bool(field)));
        }
        int age = in.count(field);
        List<String> freeMovement = in.strings(field);
        int adequateCount = in.count(field);
        List<PolicyDocument.Adequacy> adequate = new ArrayList<>();
        for (int at = 0; at < adequateCount; at++) {
            adequate.add(new PolicyDocument.Adequacy(in.string(field), in.optional(field)));
        }
        String otherwise = in.string(field);
        PolicyDocument.Gpc gpc = new PolicyDocument.Gpc(in.string(field), in.strings(field));
        int noticeCount = in.count(field);
        List<PolicyDocument.Notice> notices = new ArrayList<>();
        for (int at = 0; at < noticeCount; at++) {
            notices.add(new PolicyDocument.Notice(in.string(field), in.count(field), in.count(field)));
        }
        return new PolicyDocument(
                entity,
                activities,
                recipients,
                new PolicyDocument.Jurisdiction(
                        age, new PolicyDocument.Transfers(freeMovement, adequate, otherwise), gpc),
                notices);
    }

    // ---------------------------------------------------------------- bytes

    /** A buffered output that keeps a CRC-32 of everything it passes on. */
    private static final class Out {
        private final OutputStream stream;
        private final byte[] buffer = new byte[1 << 16];
        private final CRC32 crc = new CRC32();
        private int used;

        Out(OutputStream stream) {
            this.stream = stream;
        }

        void u8(int value) throws IOException {
            if (used == buffer.length) {
                drain();
            }
            buffer[used++] = (byte) value;
        }

        void bytes(byte[] bytes) throws IOException {
            for (byte value : bytes) {
                u8(value);
            }
        }

        void int64(long value) throws IOException {
            for (int shift = 56; shift >= 0; shift -= 8) {
                u8((int) (value >>> shift));
            }
        }

        void varint(long value) throws IOException {
            long rest = value;
            while ((rest & ~0x7FL) != 0) {
                u8((int) ((rest & 0x7F) | 0x80));
                rest >>>= 7;
            }
            u8((int) rest);
        }

        void zigzag(long value) throws IOException {
            varint((value << 1) ^ (value >> 63));
        }

        void string(String value) throws IOException {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > MAX_TEXT) {
                throw InvalidInputException.of("snapshot", "a text of " + bytes.length + " bytes is too long");
            }
            varint(bytes.length);
            bytes(bytes);
        }

        void optional(@Nullable String value) throws IOException {
            if (value == null) {
                u8(0);
            } else {
                u8(1);
                string(value);
            }
        }

        void strings(List<String> values) throws IOException {
            varint(values.size());
            for (String value : values) {
                string(value);
            }
        }

        void finishWithCrc() throws IOException {
            drain();
            long value = crc.getValue();
            stream.write(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
            stream.flush();
        }

        private void drain() throws IOException {
            crc.update(buffer, 0, used);
            stream.write(buffer, 0, used);
            used = 0;
        }
    }

    /** A buffered input that keeps a CRC-32 of everything read, reporting a premature end as a truncation. */
    private static final class In {
        private final InputStream stream;
        private final byte[] buffer = new byte[1 << 16];
        private final CRC32 crc = new CRC32();
        private int position;
        private int limit;
        private long consumedBefore;

        In(InputStream stream) {
            this.stream = stream;
        }

        int u8() throws IOException {
            if (position == limit) {
                fill();
            }
            return buffer[position++] & 0xFF;
        }

        byte[] bytes(int length) throws IOException {
            byte[] bytes = new byte[length];
            for (int at = 0; at < length; at++) {
                bytes[at] = (byte) u8();
            }
            return bytes;
        }

        long int64() throws IOException {
            long value = 0;
            for (int at = 0; at < 8; at++) {
                value = (value << 8) | u8();
            }
            return value;
        }

        long varint() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int next = u8();
                value |= (long) (next & 0x7F) << shift;
                if ((next & 0x80) == 0) {
                    return value;
                }
            }
            throw InvalidInputException.of("snapshot", "a number runs over ten bytes: the snapshot is corrupt");
        }

        long zigzag() throws IOException {
            long raw = varint();
            return (raw >>> 1) ^ -(raw & 1);
        }

        int count(String field) throws IOException {
            long value = varint();
            if (value > MAX_ITEMS) {
                throw InvalidInputException.of(
                        field, "a count of " + value + " is out of bounds: the snapshot is corrupt");
            }
            return (int) value;
        }

        String string(String field) throws IOException {
            long length = varint();
            if (length > MAX_TEXT) {
                throw InvalidInputException.of(
                        field, "a text of " + length + " bytes is out of bounds: the snapshot is corrupt");
            }
            return new String(bytes((int) length), StandardCharsets.UTF_8);
        }

        @Nullable
        String optional(String field) throws IOException {
            int present = u8();
            if (present > 1) {
                throw InvalidInputException.of(field, "a presence byte of " + present + ": the snapshot is corrupt");
            }
            return present == 0 ? null : string(field);
        }

        List<String> strings(String field) throws IOException {
            int count = count(field);
            List<String> values = new ArrayList<>(Math.min(count, 64));
            for (int at = 0; at < count; at++) {
                values.add(string(field));
            }
            return values;
        }

        boolean bool(String field) throws IOException {
            int value = u8();
            if (value > 1) {
                throw InvalidInputException.of(field, "a boolean byte of " + value + ": the snapshot is corrupt");
            }
            return value == 1;
        }

        /** Whether nothing follows what was read. */
        boolean atEnd() throws IOException {
            return position == limit && stream.read() == -1;
        }

        /** Reads the CRC that follows and compares it with the CRC of every byte before it. */
        void checkCrc() throws IOException {
            crc.update(buffer, 0, position);
            long computed = crc.getValue();
            consumedBefore += position;
            // The CRC's own bytes are not part of what it covers.
            long stored = 0;
            for (int at = 0; at < 4; at++) {
                if (position == limit) {
                    refill();
                }
                stored = (stored << 8) | (buffer[position++] & 0xFF);
            }
            if (stored != computed) {
                throw InvalidInputException.of(
                        "snapshot", "the CRC does not match: the snapshot is corrupt or incomplete");
            }
        }

        private void fill() throws IOException {
            crc.update(buffer, 0, limit);
            consumedBefore += limit;
            refill();
        }

        private void refill() throws IOException {
            position = 0;
            limit = 0;
            int read;
            try {
                read = stream.read(buffer, 0, buffer.length);
            } catch (EOFException e) {
                read = -1;
            }
            if (read <= 0) {
                throw InvalidInputException.of(
                        "snapshot", "the snapshot ends early, after " + consumedBefore + " bytes: it was truncated");
            }
            limit = read;
        }
    }
}
