package org.qsfs.engine.volume;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The block table (also the cache index) and the block maps of files ({@code fblock}) and
 * of kept versions ({@code vblock}). Reference counts are kept here: a block whose last
 * reference goes is deleted, and its backend copy queued for deletion. The fast path's
 * in-memory writes are kept by {@link DeferredBlocks}, unlocked writes' claims by {@link IndexClaims}.
 */
public final class Blocks {
    /** Told when a block row disappears, so the cache can remove its file. */
    public interface Listener {
        void blockDropped(long id, int len, boolean cached);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_CACHED = 200_000;
    /** A known hole in a cached file map. */
    public static final long HOLE = -1;
    private final Db db;
    private final Journal journal;
    private Listener listener = (id, len, cached) -> { };
    /** Cached rows by id (unchanging records: lock-free readers {@link #peek} them). */
    private final ConcurrentHashMap<Long, BlockRow> rows = new ConcurrentHashMap<>();
    /** Cached file maps: ino -> (idx -> block id or {@link #HOLE}). */
    private final ConcurrentHashMap<Long, ConcurrentHashMap<Long, Long>> maps = new ConcurrentHashMap<>();
    private final AtomicInteger mapEntries = new AtomicInteger();
    /** The fast path's writes, kept in memory until the next {@link #flushDirty}. */
    private final DeferredBlocks deferred;
    /** Indexes claimed by fast-path writes that write a new block's file without the lock. */
    private final IndexClaims claims = new IndexClaims();
    /** The next block id (ids are not reused, so a cache file deleted after a commit names no new block). */
    private volatile long nextId = -1;

    public Blocks(Db db, Journal journal) {
        this.db = db;
        this.journal = journal;
        this.deferred = new DeferredBlocks(db, journal, new DeferredBlocks.Cache() {
            @Override
            public void putRow(BlockRow b) {
                rows.put(b.id(), b);
            }

            @Override
            public void removeRow(long id) {
                rows.remove(id);
            }

            @Override
            public void mapChanged(long ino, long idx, long id) {
                claims.spoil(ino, idx);
                cacheMap(ino, idx, id);
            }
        });
        db.addWriteBack(this::flushDirty);
        db.onRollback(this::clearCache);
    }

    /** Forgets the cached rows and maps (read again from the tables). */
    public void clearCache() {
        rows.clear();
        maps.clear();
        mapEntries.set(0);
        claims.spoilAll();
    }

    /**
     * Claims index {@code idx} of file {@code ino}, which has no block (it lies beyond the end
     * of the file), for a new block whose file is written without the lock: until {@link
     * #release}, any change of that index's mapping spoils the claim. False when another write
     * holds it. Under the database lock.
     */
    public boolean claim(long ino, long idx) {
        return claims.claim(ino, idx);
    }

    /** Ends a {@link #claim}; true when nothing mapped the index meanwhile. Under the database lock. */
    public boolean release(long ino, long idx) {
        return claims.release(ino, idx);
    }

    /** The cached row, null when not cached. For lock-free readers; never changed in place. */
    public BlockRow peek(long id) {
        return rows.get(id);
    }

    /** The cached mapping of {@code idx}: a block id, {@link #HOLE}, or null when not cached. */
    public Long peekMapped(long ino, long idx) {
        Map<Long, Long> m = maps.get(ino);
        return m == null ? null : m.get(idx);
    }

    private void cacheRow(BlockRow b) {
        if (rows.size() >= MAX_CACHED) {
            rows.clear();
        }
        rows.put(b.id(), b);
    }

    private void cacheMap(long ino, long idx, long id) {
        if (mapEntries.get() >= MAX_CACHED) {
            maps.clear();
            mapEntries.set(0);
            claims.spoilAll();
        }
        if (maps.computeIfAbsent(ino, k -> new ConcurrentHashMap<>()).put(idx, id) == null) {
            mapEntries.incrementAndGet();
        }
    }

    private void forget(long id) {
        db.changed();
        rows.remove(id);
    }

    /** The row changed in the table as {@code f} says: the cached copy (if any) follows. */
    private void update(long id, java.util.function.UnaryOperator<BlockRow> f) {
        db.changed();
        rows.computeIfPresent(id, (k, r) -> f.apply(r));
    }

    /**
     * The fast path wrote a dirty block in place: its length (and modification time) change in
     * memory now and in the table at the next {@link #flushDirty}. Under the database lock.
     */
    public BlockRow writtenLater(BlockRow b, int len, long now) {
        return deferred.writtenLater(b, len, now);
    }

    /**
     * The id of a block that the fast path is about to make with {@link #createLater} (its
     * file is written first). Under the database lock; ids are never reused, so an id taken
     * and not used names no block.
     */
    public long takeId() {
        if (nextId < 0) {
            throw new IllegalStateException("block ids are not initialised");
        }
        long id = nextId;
        nextId = id + 1;
        return id;
    }

    /**
     * The fast path made block {@code id} (its file written) for index {@code idx} of file
     * {@code ino}, where the file had no block (beyond its end): a new dirty, cached block
     * mapped there, in memory now (lock-free readers see it) and in the tables, with its
     * journal entries, at the next {@link #flushDirty}. Under the database lock.
     */
    public BlockRow createLater(long id, long ino, long idx, int len, long now) {
        return deferred.createLater(id, ino, idx, len, now);
    }

    /** Undoes {@link #createLater} (the write that made it failed); returns the block's length. Under the db lock. */
    public int dropLater(long id) {
        return deferred.dropLater(id);
    }

    /** Writes what {@link #writtenLater} and {@link #createLater} kept in memory. Under the database lock. */
    public void flushDirty() throws SQLException {
        deferred.flush();
    }

    /** A new block's random 16-byte id (the name its journal entries and backends know it by). */
    static byte[] newBid() {
        byte[] bid = new byte[16];
        RANDOM.nextBytes(bid);
        return bid;
    }

    public void setListener(Listener l) {
        this.listener = l;
    }

    public BlockRow get(long id) throws SQLException {
        BlockRow c = rows.get(id);
        if (c != null) {
            return c;
        }
        PreparedStatement p = db.ps("SELECT bid, len, state, ref, cached, refs, crc FROM block WHERE id = ?");
        p.setLong(1, id);
        try (ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            BlockRow b = row(id, rs);
            cacheRow(b);
            return b;
        }
    }

    public BlockRow byBid(byte[] bid) throws SQLException {
        PreparedStatement p = db.ps("SELECT bid, len, state, ref, cached, refs, crc, id FROM block WHERE bid = ?");
        p.setBytes(1, bid);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? row(rs.getLong(8), rs) : null;
        }
    }

    private static BlockRow row(long id, ResultSet rs) throws SQLException {
        int crc = rs.getInt(7);
        Integer c = rs.wasNull() ? null : crc;
        return new BlockRow(id, rs.getBytes(1), rs.getInt(2), rs.getInt(3), rs.getBytes(4), rs.getInt(5) != 0,
                rs.getInt(6), c);
    }

    /** Reads where block ids continue (once). Inside a transaction. */
    public void initIds() throws SQLException {
        if (nextId < 0) {
            try (ResultSet rs = db.ps("SELECT coalesce(max(id), 0) FROM block").executeQuery()) {
                rs.next();
                nextId = rs.getLong(1) + 1;
            }
        }
    }

    /** The id the next new block gets (-1 before {@link #initIds}); for the cache's file precreation. */
    public long nextId() {
        return nextId;
    }

    /** A new dirty, cached block with no references yet. Ids are never reused while the volume is open. */
    public BlockRow create(int len, long now) throws SQLException {
        return create(len, now, 0);
    }

    /**
     * A new dirty, cached block that the upload queue leaves alone before {@code notBefore}
     * (wall ns; 0 = as soon as it settles) unless the cache is under pressure or a durable
     * fsync or drain waits: a hot block, rewritten soon after its last upload, is held.
     */
    public BlockRow create(int len, long now, long notBefore) throws SQLException {
        byte[] bid = newBid();
        initIds();
        long id = nextId;
        nextId = id + 1;
        PreparedStatement p = db.ps("INSERT INTO block(id, bid, len, state, ref, cached, atime, refs, modified,"
                + " retry_at) VALUES (?, ?, ?, 0, NULL, 1, ?, 0, ?, ?)");
        p.setLong(1, id);
        p.setBytes(2, bid);
        p.setInt(3, len);
        p.setLong(4, now / 1_000_000L); // atime: wall ms, as reads and evictions set it
        p.setLong(5, now);
        p.setLong(6, notBefore);
        p.executeUpdate();
        journal.append(JournalEntry.start(JournalEntry.BLOCK).bytes(bid).i32(len));
        db.changed();
        BlockRow b = new BlockRow(id, bid, len, BlockRow.DIRTY, null, true, 0, null);
        cacheRow(b);
        return b;
    }

    /** A dirty block's length changed (written in place). */
    public void setLength(BlockRow b, int len, long now) throws SQLException {
        PreparedStatement p = db.ps("UPDATE block SET len = ?, modified = ? WHERE id = ?");
        p.setInt(1, len);
        p.setLong(2, now);
        p.setLong(3, b.id());
        p.executeUpdate();
        update(b.id(), r -> r.withLen(len));
        if (len != b.len()) {
            journal.append(JournalEntry.start(JournalEntry.BLOCK).bytes(b.bid()).i32(len));
        }
    }

    /** A dirty block was written in place (for the upload queue's settle time). */
    public void touchModified(long id, long now) throws SQLException {
        PreparedStatement p = db.ps("UPDATE block SET modified = ? WHERE id = ?");
        p.setLong(1, now);
        p.setLong(2, id);
        p.executeUpdate();
    }

    private void addRefs(long id, int delta) throws SQLException {
        PreparedStatement p = db.ps("UPDATE block SET refs = refs + ? WHERE id = ?");
        p.setInt(1, delta);
        p.setLong(2, id);
        p.executeUpdate();
        update(id, r -> r.withRefs(r.refs() + delta));
        if (delta < 0) {
            BlockRow b = get(id);
            if (b != null && b.refs() <= 0) {
                drop(b);
            }
        }
    }

    private void drop(BlockRow b) throws SQLException {
        PreparedStatement p = db.ps("DELETE FROM block WHERE id = ?");
        p.setLong(1, b.id());
        p.executeUpdate();
        forget(b.id());
        if (b.ref() != null) {
            PreparedStatement g = db.ps("INSERT INTO gc(ref) VALUES (?)");
            g.setBytes(1, b.ref());
            g.executeUpdate();
        }
        journal.append(JournalEntry.start(JournalEntry.BLOCK_DEL).bytes(b.bid()));
        listener.blockDropped(b.id(), b.len(), b.cached());
    }

    // ---- file block maps ----

    /** The block at index {@code idx} of the file, or -1 (a hole). */
    public long mapped(long ino, long idx) throws SQLException {
        Long c = peekMapped(ino, idx);
        if (c != null) {
            return c;
        }
        PreparedStatement p = db.ps("SELECT block FROM fblock WHERE ino = ? AND idx = ?");
        p.setLong(1, ino);
        p.setLong(2, idx);
        long id;
        try (ResultSet rs = p.executeQuery()) {
            id = rs.next() ? rs.getLong(1) : HOLE;
        }
        cacheMap(ino, idx, id);
        return id;
    }

    /** Maps index {@code idx} of the file to block {@code id}, releasing the block it replaces. */
    public void map(long ino, long idx, BlockRow b) throws SQLException {
        long old = mapped(ino, idx);
        if (old == b.id()) {
            return;
        }
        PreparedStatement p = db.ps("INSERT OR REPLACE INTO fblock(ino, idx, block) VALUES (?,?,?)");
        p.setLong(1, ino);
        p.setLong(2, idx);
        p.setLong(3, b.id());
        p.executeUpdate();
        db.changed();
        claims.spoil(ino, idx);
        cacheMap(ino, idx, b.id());
        journal.append(JournalEntry.start(JournalEntry.FBLOCK).i64(ino).i64(idx).bytes(b.bid()));
        addRefs(b.id(), 1);
        if (old >= 0) {
            addRefs(old, -1);
        }
    }

    /** Removes the mapping of {@code idx}, if any; returns the block's length that was released. */
    public int unmap(long ino, long idx) throws SQLException {
        long old = mapped(ino, idx);
        if (old < 0) {
            return 0;
        }
        BlockRow b = get(old);
        deleteMapRow(ino, idx);
        addRefs(old, -1);
        return b == null ? 0 : b.len();
    }

    /** Deletes the file map's row for {@code idx} (the block's reference count is the caller's). */
    private void deleteMapRow(long ino, long idx) throws SQLException {
        PreparedStatement p = db.ps("DELETE FROM fblock WHERE ino = ? AND idx = ?");
        p.setLong(1, ino);
        p.setLong(2, idx);
        p.executeUpdate();
        db.changed();
        claims.spoil(ino, idx);
        cacheMap(ino, idx, HOLE);
        journal.append(JournalEntry.start(JournalEntry.FBLOCK_DEL).i64(ino).i64(idx));
    }

    /** Indices mapped at or above {@code from}. */
    public List<Long> indicesFrom(long ino, long from) throws SQLException {
        PreparedStatement p = db.ps("SELECT idx FROM fblock WHERE ino = ? AND idx >= ? ORDER BY idx");
        p.setLong(1, ino);
        p.setLong(2, from);
        List<Long> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** (idx, block id) pairs of a file's map, in order. */
    public List<long[]> fileMap(long ino) throws SQLException {
        PreparedStatement p = db.ps("SELECT idx, block FROM fblock WHERE ino = ? ORDER BY idx");
        p.setLong(1, ino);
        List<long[]> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        return out;
    }

    // ---- version block maps ----

    /**
     * Gives the file's current map to version {@code ver} (a new version: no rows yet). Shared,
     * the blocks get one more reference each; moved ({@code move}: the file goes right after,
     * as a deleted file's content does), each block stays referenced once (a copy and then an
     * unmap would add one and take it away again).
     */
    public void mapToVersion(long ino, long ver, boolean move) throws SQLException {
        for (long[] e : fileMap(ino)) {
            insertVersionRow(ino, ver, e[0], e[1]);
            if (move) {
                deleteMapRow(ino, e[0]);
            } else {
                addRefs(e[1], 1);
            }
        }
    }

    /** Writes version {@code ver}'s map row for {@code idx} (the block's reference count is the caller's). */
    private void insertVersionRow(long ino, long ver, long idx, long blockId) throws SQLException {
        BlockRow b = get(blockId);
        PreparedStatement p = db.ps("INSERT OR REPLACE INTO vblock(ino, ver, idx, block) VALUES (?,?,?,?)");
        p.setLong(1, ino);
        p.setLong(2, ver);
        p.setLong(3, idx);
        p.setLong(4, blockId);
        p.executeUpdate();
        journal.append(JournalEntry.start(JournalEntry.VBLOCK).i64(ino).i64(ver).i64(idx).bytes(b.bid()));
    }

    public long versionMapped(long ino, long ver, long idx) throws SQLException {
        PreparedStatement p = db.ps("SELECT block FROM vblock WHERE ino = ? AND ver = ? AND idx = ?");
        p.setLong(1, ino);
        p.setLong(2, ver);
        p.setLong(3, idx);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    public List<long[]> versionMap(long ino, long ver) throws SQLException {
        PreparedStatement p = db.ps("SELECT idx, block FROM vblock WHERE ino = ? AND ver = ? ORDER BY idx");
        p.setLong(1, ino);
        p.setLong(2, ver);
        List<long[]> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        return out;
    }

    /** Drops a version's map (retention), releasing its blocks. */
    public void dropVersion(long ino, long ver) throws SQLException {
        List<long[]> map = versionMap(ino, ver);
        PreparedStatement p = db.ps("DELETE FROM vblock WHERE ino = ? AND ver = ?");
        p.setLong(1, ino);
        p.setLong(2, ver);
        p.executeUpdate();
        for (long[] e : map) {
            addRefs(e[1], -1);
        }
    }

    // ---- upload and cache state ----

    public void setState(long id, int state) throws SQLException {
        PreparedStatement p = db.ps("UPDATE block SET state = ? WHERE id = ?");
        p.setInt(1, state);
        p.setLong(2, id);
        p.executeUpdate();
        update(id, r -> r.withState(state));
    }

    /** The block is on the backends: record where, and the plaintext checksum of the cache copy. */
    public void markSafe(BlockRow b, byte[] ref, int crc) throws SQLException {
        PreparedStatement p = db.ps("UPDATE block SET state = 2, ref = ?, crc = ? WHERE id = ?");
        p.setBytes(1, ref);
        p.setInt(2, crc);
        p.setLong(3, b.id());
        p.executeUpdate();
        update(b.id(), r -> r.withSafe(ref, crc));
        journal.append(JournalEntry.start(JournalEntry.BLOCK_REF).bytes(b.bid()).bytes(ref).i32(crc));
    }

    /**
     * The repair service moved shards of a safe block: its reference becomes {@code ref} if it
     * still is {@code expected} (compare-and-set), in the table, the cached row and the journal.
     * Inside a transaction. Returns whether it changed.
     */
    public boolean replaceRef(long id, byte[] expected, byte[] ref) throws SQLException {
        PreparedStatement p = db.ps("UPDATE block SET ref = ? WHERE id = ? AND state = 2 AND ref = ?");
        p.setBytes(1, ref);
        p.setLong(2, id);
        p.setBytes(3, expected);
        if (p.executeUpdate() == 0) {
            return false;
        }
        update(id, r -> new BlockRow(r.id(), r.bid(), r.len(), r.state(), ref, r.cached(), r.refs(), r.crc()));
        PreparedStatement q = db.ps("SELECT bid, crc FROM block WHERE id = ?");
        q.setLong(1, id);
        try (ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                journal.append(JournalEntry.start(JournalEntry.BLOCK_REF).bytes(rs.getBytes(1)).bytes(ref)
                        .i32(rs.getInt(2)));
            }
        }
        return true;
    }

    /**
     * A block being uploaded goes back to dirty and is retried at {@code retryAt}. Returns whether
     * it did: a block no longer uploading (marked safe, put back already, or dropped: no row) is
     * left as it is, so a worker whose batch failed half-way may put back all of its claim.
     */
    public boolean retryLater(long id, long retryAt) throws SQLException {
        PreparedStatement p = db.ps("UPDATE block SET state = 0, retry_at = ? WHERE id = ? AND state = 1");
        p.setLong(1, retryAt);
        p.setLong(2, id);
        if (p.executeUpdate() == 0) {
            return false;
        }
        update(id, r -> r.withState(BlockRow.DIRTY));
        return true;
    }

    public void setCached(long id, boolean cached, Integer crc, long now) throws SQLException {
        PreparedStatement p = db.ps("UPDATE block SET cached = ?, crc = coalesce(?, crc), atime = ? WHERE id = ?");
        p.setInt(1, cached ? 1 : 0);
        if (crc == null) {
            p.setNull(2, java.sql.Types.INTEGER);
        } else {
            p.setInt(2, crc);
        }
        p.setLong(3, now);
        p.setLong(4, id);
        p.executeUpdate();
        update(id, r -> r.withCached(cached, crc));
    }

    public void setAtime(long id, long atime) throws SQLException {
        PreparedStatement p = db.ps("UPDATE block SET atime = ? WHERE id = ?");
        p.setLong(1, atime);
        p.setLong(2, id);
        p.executeUpdate();
    }

    /**
     * Dirty blocks ready to upload, least recently modified first: settled before
     * {@code settledBefore} and not held (a retry's backoff, or a hot block's hold) past
     * {@code now}.
     */
    public List<BlockRow> uploadCandidates(long settledBefore, long now, int max) throws SQLException {
        PreparedStatement p = db.ps("SELECT bid, len, state, ref, cached, refs, crc, id FROM block WHERE state = 0"
                + " AND modified <= ? AND retry_at <= ? ORDER BY modified LIMIT ?");
        p.setLong(1, settledBefore);
        p.setLong(2, now);
        p.setInt(3, max);
        List<BlockRow> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs.getLong(8), rs));
            }
        }
        return out;
    }

    /** Safe cached blocks, least recently used first: what may be evicted. */
    public List<BlockRow> evictable(int max) throws SQLException {
        return evictableBefore(Long.MAX_VALUE, max);
    }

    /** Safe cached blocks last used before {@code atime} (wall ms), least recently used first. */
    public List<BlockRow> evictableBefore(long atime, int max) throws SQLException {
        PreparedStatement p = db.ps("SELECT bid, len, state, ref, cached, refs, crc, id FROM block WHERE cached = 1"
                + " AND state = 2 AND atime < ? ORDER BY atime LIMIT ?");
        p.setLong(1, atime);
        p.setInt(2, max);
        List<BlockRow> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs.getLong(8), rs));
            }
        }
        return out;
    }

    /** {count, bytes} of blocks in a state (dirty + uploading = pending). */
    public long[] pending() throws SQLException {
        try (ResultSet rs = db.ps("SELECT count(*), coalesce(sum(len), 0) FROM block WHERE state IN (0, 1)")
                .executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    public long cachedBytes() throws SQLException {
        try (ResultSet rs = db.ps("SELECT coalesce(sum(len), 0) FROM block WHERE cached = 1").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Pending (not yet safe) bytes of one file. */
    public long pendingOf(long ino) throws SQLException {
        PreparedStatement p = db.ps("SELECT coalesce(sum(b.len), 0) FROM fblock f JOIN block b ON b.id = f.block"
                + " WHERE f.ino = ? AND b.state IN (0, 1)");
        p.setLong(1, ino);
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** After a restart: uploads in flight start again. */
    public int resetUploading() throws SQLException {
        db.changed();
        rows.clear();
        return db.ps("UPDATE block SET state = 0, retry_at = 0 WHERE state = 1").executeUpdate();
    }

    /** Backend copies to delete, oldest first: (gc row id, encoded ref). */
    public List<Object[]> garbage(int max) throws SQLException {
        PreparedStatement p = db.ps("SELECT id, ref FROM gc ORDER BY id LIMIT ?");
        p.setInt(1, max);
        List<Object[]> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new Object[] {rs.getLong(1), rs.getBytes(2)});
            }
        }
        return out;
    }

    public void garbageDone(long gcId) throws SQLException {
        PreparedStatement p = db.ps("DELETE FROM gc WHERE id = ?");
        p.setLong(1, gcId);
        p.executeUpdate();
    }
}
