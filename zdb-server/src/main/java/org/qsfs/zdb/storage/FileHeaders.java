package org.qsfs.zdb.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** data_header_t (28 bytes) and index_header_t (29 bytes) codecs. */
final class FileHeaders {
    private FileHeaders() {
    }

    /** created/opened are always 0, as upstream writes them (byte-identical replicas). */
    static ByteBuffer data(long fileId) {
        ByteBuffer b = Le.allocate(StorageFormat.DATA_HEADER_SIZE);
        b.put(StorageFormat.DATA_MAGIC).putInt(StorageFormat.DATA_VERSION).putLong(0).putLong(0);
        Le.putU32(b, fileId);
        return b.flip();
    }

    static ByteBuffer index(long fileId, IndexMode mode) {
        ByteBuffer b = Le.allocate(StorageFormat.INDEX_HEADER_SIZE);
        b.put(StorageFormat.INDEX_MAGIC).putInt(StorageFormat.INDEX_VERSION).putLong(0).putLong(0);
        Le.putU32(b, fileId);
        b.put((byte) mode.code());
        return b.flip();
    }

    /** null when valid, otherwise the reason. */
    static String checkData(byte[] h) {
        if (h.length < StorageFormat.DATA_HEADER_SIZE) return "incomplete header";
        if (!Arrays.equals(h, 0, 4, StorageFormat.DATA_MAGIC, 0, 4)) return "invalid header, wrong magic";
        int v = Le.wrap(h).getInt(4);
        if (v != StorageFormat.DATA_VERSION) return "unsupported version " + v;
        return null;
    }

    static String checkIndex(byte[] h) {
        if (h.length < StorageFormat.INDEX_HEADER_SIZE) return "incomplete header";
        if (!Arrays.equals(h, 0, 4, StorageFormat.INDEX_MAGIC, 0, 4)) return "invalid header, wrong magic";
        int v = Le.wrap(h).getInt(4);
        if (v != StorageFormat.INDEX_VERSION) return "unsupported version " + v;
        int mode = h[28] & 0xFF;
        if (mode > 1) return "unsupported mode " + mode;
        return null;
    }

    static IndexMode indexMode(byte[] h) {
        return IndexMode.fromByte(h[28]);
    }
}
