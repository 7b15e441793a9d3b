package org.qsfs.engine.fs;

/** The kind of an inode, with the {@code S_IFMT} bits of {@code st_mode}. */
public enum FileType {
    REGULAR(0100000),
    DIRECTORY(0040000),
    SYMLINK(0120000),
    FIFO(0010000),
    SOCKET(0140000),
    CHAR_DEVICE(0020000),
    BLOCK_DEVICE(0060000);

    /** Mask of the type bits in {@code st_mode}. */
    public static final int S_IFMT = 0170000;

    private final int bits;

    FileType(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** The stable number stored in the database and the journal. */
    public int id() {
        return ordinal();
    }

    public static FileType ofId(int id) {
        return values()[id];
    }

    /** The type of a full {@code st_mode}; null when the type bits name none. */
    public static FileType ofMode(int mode) {
        int t = mode & S_IFMT;
        for (FileType f : values()) {
            if (f.bits == t) {
                return f;
            }
        }
        return null;
    }
}
