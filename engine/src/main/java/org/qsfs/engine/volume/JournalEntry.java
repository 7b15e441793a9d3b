package org.qsfs.engine.volume;

/**
 * The kinds of journal entries: each is one row-level change of a table (docs/FORMATS.md,
 * "Volume journal"). Replaying them in order rebuilds the tables; row images are complete,
 * so a later image of the same inode or block replaces an earlier one.
 */
public final class JournalEntry {
    public static final int INODE = 1;
    public static final int INODE_DEL = 2;
    public static final int DIRENT = 3;
    public static final int DIRENT_DEL = 4;
    public static final int BLOCK = 5;
    public static final int BLOCK_REF = 6;
    public static final int BLOCK_DEL = 7;
    public static final int FBLOCK = 8;
    public static final int FBLOCK_DEL = 9;
    public static final int XATTR = 10;
    public static final int XATTR_DEL = 11;
    public static final int VERSION = 12;
    public static final int VBLOCK = 13;
    public static final int VERSION_DEL = 14;
    public static final int DHIST = 15;

    private JournalEntry() {
    }

    /** Starts an entry of {@code type}. */
    public static Bytes.Writer start(int type) {
        return new Bytes.Writer(64).u8(type);
    }
}
