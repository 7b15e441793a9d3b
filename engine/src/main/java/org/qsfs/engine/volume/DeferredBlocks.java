package org.qsfs.engine.volume;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fast path of a write keeps in memory until the next {@link #flush}: the lengths of
 * dirty blocks written in place, and new blocks (with their map entries) made where a file had
 * none. Lock-free readers see them at once through {@link Blocks}' caches. Under the database lock.
 */
final class DeferredBlocks {
    /** {@link Blocks}' in-memory rows and maps, which follow these changes at once. */
    interface Cache {
        void putRow(BlockRow b);

        void removeRow(long id);

        /** Index {@code idx} of file {@code ino} now maps to block {@code id} (or {@link Blocks#HOLE}). */
        void mapChanged(long ino, long idx, long id);
    }

    private final Db db;
    private final Journal journal;
    private final Cache cache;
    /** Blocks written in place: id -> {len in the table, modified, len now}. */
    private final Map<Long, long[]> dirty = new LinkedHashMap<>();
    /** New blocks, not yet in the tables: id -> the block (current length), its file position and modification time. */
    private final Map<Long, Fresh> fresh = new LinkedHashMap<>();

    private static final class Fresh {
        BlockRow row;
        final long ino;
        final long idx;
        long modified;

        Fresh(BlockRow row, long ino, long idx, long modified) {
            this.row = row;
            this.ino = ino;
            this.idx = idx;
            this.modified = modified;
        }
    }

    DeferredBlocks(Db db, Journal journal, Cache cache) {
        this.db = db;
        this.journal = journal;
        this.cache = cache;
    }

    /** See {@link Blocks#writtenLater}. */
    BlockRow writtenLater(BlockRow b, int len, long now) {
        Fresh f = fresh.get(b.id());
        if (f != null) {
            f.modified = now;
            if (len != f.row.len()) {
                f.row = f.row.withLen(len);
            }
            cache.putRow(f.row);
            return f.row;
        }
        long[] d = dirty.get(b.id());
        if (d == null) {
            dirty.put(b.id(), new long[] {b.len(), now, len});
        } else {
            d[1] = now;
            d[2] = len;
        }
        BlockRow n = len == b.len() ? b : new BlockRow(b.id(), b.bid(), len, b.state(), b.ref(), b.cached(),
                b.refs(), b.crc());
        cache.putRow(n);
        return n;
    }

    /** See {@link Blocks#createLater}. */
    BlockRow createLater(long id, long ino, long idx, int len, long now) {
        BlockRow b = new BlockRow(id, Blocks.newBid(), len, BlockRow.DIRTY, null, true, 1, null);
        fresh.put(id, new Fresh(b, ino, idx, now));
        cache.putRow(b);
        cache.mapChanged(ino, idx, id);
        return b;
    }

    /** See {@link Blocks#dropLater}. */
    int dropLater(long id) {
        Fresh f = fresh.remove(id);
        if (f == null) {
            return 0;
        }
        cache.removeRow(id);
        cache.mapChanged(f.ino, f.idx, Blocks.HOLE);
        return f.row.len();
    }

    /** Writes what is kept in memory into the tables, with its journal entries. */
    void flush() throws SQLException {
        flushFresh();
        if (dirty.isEmpty()) {
            return;
        }
        List<Map.Entry<Long, long[]>> list = new ArrayList<>(dirty.entrySet());
        for (Map.Entry<Long, long[]> e : list) {
            long id = e.getKey();
            long[] d = e.getValue();
            PreparedStatement p = db.ps("UPDATE block SET len = ?, modified = ? WHERE id = ?");
            p.setInt(1, (int) d[2]);
            p.setLong(2, d[1]);
            p.setLong(3, id);
            p.executeUpdate();
            if (d[2] != d[0]) {
                PreparedStatement q = db.ps("SELECT bid FROM block WHERE id = ?");
                q.setLong(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        journal.append(JournalEntry.start(JournalEntry.BLOCK).bytes(rs.getBytes(1)).i32((int) d[2]));
                    }
                }
            }
            dirty.remove(id);
        }
    }

    private void flushFresh() throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        for (Fresh f : new ArrayList<>(fresh.values())) {
            BlockRow b = f.row;
            // OR REPLACE: a flush that failed half way (a full disk) is simply run again
            PreparedStatement p = db.ps("INSERT OR REPLACE INTO block(id, bid, len, state, ref, cached, atime, refs,"
                    + " modified, retry_at) VALUES (?, ?, ?, 0, NULL, 1, ?, 1, ?, 0)");
            p.setLong(1, b.id());
            p.setBytes(2, b.bid());
            p.setInt(3, b.len());
            p.setLong(4, f.modified / 1_000_000L); // atime: wall ms, as reads and evictions set it
            p.setLong(5, f.modified);
            p.executeUpdate();
            journal.append(JournalEntry.start(JournalEntry.BLOCK).bytes(b.bid()).i32(b.len()));
            PreparedStatement q = db.ps("INSERT OR REPLACE INTO fblock(ino, idx, block) VALUES (?,?,?)");
            q.setLong(1, f.ino);
            q.setLong(2, f.idx);
            q.setLong(3, b.id());
            q.executeUpdate();
            journal.append(JournalEntry.start(JournalEntry.FBLOCK).i64(f.ino).i64(f.idx).bytes(b.bid()));
            fresh.remove(b.id());
        }
    }
}
