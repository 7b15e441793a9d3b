package org.qsfs.engine.cache;

/**
 * A block file is missing or shorter than its row says: a crash took bytes that were never
 * forced to the disk. Only this means the missing bytes read as zeros; any other failure to
 * read a block file is an {@link org.qsfs.engine.fs.FsException}, which may pass (try again).
 */
public final class CacheCopyCutShort extends Exception {
    private final long id;
    private final int have;
    private final byte[] bytes;

    /** {@code bytes}: the whole block, the file's {@code have} bytes and zeros after them. */
    CacheCopyCutShort(long id, byte[] bytes, int have) {
        // an expected outcome after a crash: no stack trace
        super("cache block " + id + " has " + have + " of its " + bytes.length + " bytes (missing or cut short)",
                null, false, false);
        this.id = id;
        this.have = have;
        this.bytes = bytes;
    }

    public long id() {
        return id;
    }

    /** The bytes the file had (0: no file). */
    public int have() {
        return have;
    }

    /** The block as it reads: the bytes the file had, zeros after them. */
    public byte[] bytes() {
        return bytes;
    }
}
