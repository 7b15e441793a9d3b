package org.qsfs.engine.meta;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What a metadata backend stores under a slot key: magic, version, the write id that ties
 * the shards of one write together, then the shard (docs/FORMATS.md, "Metadata record storage").
 *
 * <p>Version 2 write ids are ordered in time (milliseconds since the epoch in the high bits,
 * strictly increasing per process), so a reader can tell that a write it cannot decode is
 * newer than the version it can; version 1 ids are random and order nothing.
 *
 * @param ordered whether the write id is a version 2 (time-ordered) id
 */
record SlotValue(long writeId, boolean ordered, byte[] shard) {
    static final byte[] MAGIC = "QSMS".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;
    static final int HEADER = 13;
    private static final int RANDOM_BITS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.concurrent.atomic.AtomicLong LAST = new java.util.concurrent.atomic.AtomicLong();

    /** Milliseconds since the epoch, shifted, plus random low bits; never below an earlier id of this process. */
    static long newWriteId() {
        long fresh = (System.currentTimeMillis() << RANDOM_BITS) | RANDOM.nextInt(1 << RANDOM_BITS);
        return LAST.accumulateAndGet(fresh, (last, f) -> Math.max(last + 1, f));
    }

    static byte[] wrap(long writeId, byte[] shard) {
        byte[] out = new byte[HEADER + shard.length];
        System.arraycopy(MAGIC, 0, out, 0, 4);
        out[4] = (byte) VERSION;
        for (int i = 0; i < 8; i++) {
            out[5 + i] = (byte) (writeId >>> (56 - 8 * i));
        }
        System.arraycopy(shard, 0, out, HEADER, shard.length);
        return out;
    }

    /** Null when the value is not a slot value this version reads. */
    static SlotValue unwrap(byte[] value) {
        if (value == null || value.length < HEADER || !Arrays.equals(value, 0, 4, MAGIC, 0, 4)
                || (value[4] != 1 && value[4] != VERSION)) {
            return null;
        }
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (value[5 + i] & 0xFF);
        }
        return new SlotValue(id, value[4] == VERSION, Arrays.copyOfRange(value, HEADER, value.length));
    }
}
