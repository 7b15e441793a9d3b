package org.qsfs.engine.meta;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What a metadata backend stores under a slot key: magic, version, the write id that ties
 * the shards of one write together, then the shard (docs/FORMATS.md, "Metadata record storage").
 */
record SlotValue(long writeId, byte[] shard) {
    static final byte[] MAGIC = "QSMS".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER = 13;
    private static final SecureRandom RANDOM = new SecureRandom();

    static long newWriteId() {
        return RANDOM.nextLong();
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
                || value[4] != VERSION) {
            return null;
        }
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (value[5 + i] & 0xFF);
        }
        return new SlotValue(id, Arrays.copyOfRange(value, HEADER, value.length));
    }
}
