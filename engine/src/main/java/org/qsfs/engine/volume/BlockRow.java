package org.qsfs.engine.volume;

/**
 * One block of file content. {@code id} is local (names the cache file); {@code bid} is the
 * random block id it is stored under on the backends (and names it in the journal).
 *
 * @param state {@link #DIRTY}, {@link #UPLOADING}, {@link #SAFE} or {@link #MISSING}
 * @param ref the encoded {@link org.qsfs.engine.store.BlockRef} once uploaded
 * @param cached whether the plaintext is in the cache directory
 * @param refs references from file block maps and kept versions
 */
public record BlockRow(long id, byte[] bid, int len, int state, byte[] ref, boolean cached, int refs, Integer crc) {
    /** Only in the cache; may still change in place. */
    public static final int DIRTY = 0;
    /** Being encoded and sent; immutable from now on. */
    public static final int UPLOADING = 1;
    /** On the backends, safe; the cache copy may be evicted. */
    public static final int SAFE = 2;
    /** Known from the journal but never uploaded before the device was lost: unreadable. */
    public static final int MISSING = 3;

    public BlockRow withLen(int l) {
        return new BlockRow(id, bid, l, state, ref, cached, refs, crc);
    }

    public BlockRow withRefs(int r) {
        return new BlockRow(id, bid, len, state, ref, cached, r, crc);
    }

    public BlockRow withState(int s) {
        return new BlockRow(id, bid, len, s, ref, cached, refs, crc);
    }

    public BlockRow withSafe(byte[] r, int c) {
        return new BlockRow(id, bid, len, SAFE, r, cached, refs, c);
    }

    public BlockRow withCached(boolean c, Integer checksum) {
        return new BlockRow(id, bid, len, state, ref, c, refs, checksum == null ? crc : checksum);
    }

    /** Whether the cache file may still be written in place. */
    public boolean mutable() {
        return state == DIRTY && refs <= 1;
    }
}
