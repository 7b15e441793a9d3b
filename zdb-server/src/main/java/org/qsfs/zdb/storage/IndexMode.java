package org.qsfs.zdb.storage;

/** Running mode of a namespace index (index_mode_t); the byte is stored in every index file header. */
public enum IndexMode {
    /** ZDB_MODE_KEY_VALUE = 0: user chosen keys. */
    USER(0),
    /** ZDB_MODE_SEQUENTIAL = 1: server assigned 8-byte little-endian ids. */
    SEQUENTIAL(1);

    private final int code;

    IndexMode(int code) {
        this.code = code;
    }

    /** The on-disk byte (index_header_t.mode). */
    public int code() {
        return code;
    }

    /** Decodes index_header_t.mode; unknown modes (direct/block, never written by v2) are rejected. */
    public static IndexMode fromByte(int b) {
        switch (b & 0xff) {
            case 0: return USER;
            case 1: return SEQUENTIAL;
            default: throw new IllegalArgumentException("unsupported index mode " + (b & 0xff));
        }
    }

    /** The name upstream prints (index_modename). */
    public String upstreamName() {
        return this == USER ? "userkey" : "sequential";
    }
}
