package org.qsfs.engine.meta;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/** The record body inside the encrypted block (docs/FORMATS.md, "Record body"). */
final class RecordFormat {
    static final byte[] MAGIC = "QSRC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int FLAG_TOMBSTONE = 1;
    static final int MAX_NAME_BYTES = 65535;

    private RecordFormat() {
    }

    static byte[] encode(MetadataRecord r) {
        byte[] name = r.name().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 1 + 8 + 8 + 2 + name.length + 4 + r.value().length);
        b.put(MAGIC).put((byte) VERSION).put((byte) (r.deleted() ? FLAG_TOMBSTONE : 0));
        b.putLong(r.version()).putLong(r.timestamp().toEpochMilli());
        b.putShort((short) name.length).put(name);
        b.putInt(r.value().length).put(r.value());
        return b.array();
    }

    /** Parses a body; null when it is not a record this version reads (treated as unreadable). */
    static MetadataRecord decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[4];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC) || (b.get() & 0xFF) != VERSION) {
                return null;
            }
            int flags = b.get() & 0xFF;
            if ((flags & ~FLAG_TOMBSTONE) != 0) {
                return null;
            }
            long version = b.getLong();
            long millis = b.getLong();
            byte[] name = new byte[b.getShort() & 0xFFFF];
            b.get(name);
            int len = b.getInt();
            if (len < 0 || len != b.remaining()) {
                return null;
            }
            byte[] value = new byte[len];
            b.get(value);
            return new MetadataRecord(new String(name, StandardCharsets.UTF_8), version, Instant.ofEpochMilli(millis),
                    (flags & FLAG_TOMBSTONE) != 0, value);
        } catch (BufferUnderflowException e) {
            return null;
        }
    }
}
