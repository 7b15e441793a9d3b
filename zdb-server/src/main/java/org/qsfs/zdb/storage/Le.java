package org.qsfs.zdb.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian buffers: every upstream struct is packed little-endian (x86/ARM hosts). */
final class Le {
    private Le() {
    }

    static ByteBuffer allocate(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    static ByteBuffer wrap(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static long u32(ByteBuffer b, int index) {
        return Integer.toUnsignedLong(b.getInt(index));
    }

    static int u8(ByteBuffer b, int index) {
        return b.get(index) & 0xFF;
    }

    /** Stores the low 32 bits, as a C assignment to a uint32_t field does. */
    static void putU32(ByteBuffer b, long v) {
        b.putInt((int) v);
    }

    static byte[] seqKey(long id) {
        return allocate(8).putLong(id).array();
    }

    static long seqId(byte[] key) {
        return wrap(key).getLong(0);
    }
}
