package org.qsfs.engine.volume;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.qsfs.engine.fs.FileType;

/**
 * The inode table; every change is journaled. Call inside {@link Db#tx}.
 *
 * <p>Rows are cached in memory (as unchanging copies that {@link #peek} hands to lock-free
 * readers). {@link #putLater} changes only the cached copy and remembers the inode as dirty;
 * dirty inodes are written (and journaled) by {@link #flushDirty}, which the database runs
 * before every commit: every reader takes a row from here ({@link #get}), not from the table,
 * so an inode that several calls change within one commit interval (a small file's create,
 * write and three setattrs) is written and journaled once. Queries over the table itself
 * ({@link #allocated}) flush first. Inside a call, a rollback restores the dirty state.
 */
public final class Inodes {
    private static final int MAX_CACHED = 100_000;
    private final Db db;
    private final Journal journal;
    private final java.util.concurrent.ConcurrentHashMap<Long, Inode> cache =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Deleted lately: answered "no such inode" without a query. */
    private final RecentlyDeleted deleted = new RecentlyDeleted(4096);
    /** Changed in memory only; guarded by the database lock. */
    private final java.util.Map<Long, Inode> dirty = new java.util.LinkedHashMap<>();

    public Inodes(Db db, Journal journal) {
        this.db = db;
        this.journal = journal;
        db.addCommitWriteBack(this::flushDirty);
        db.onRollback(() -> {
            cache.clear();
            deleted.clear();
        });
    }

    /** True when the inode was deleted lately (and not brought back); lock-free. */
    public boolean isGone(long ino) {
        return deleted.contains(ino) && !cache.containsKey(ino);
    }

    /** The cached row, not to be changed; null when not cached. For lock-free readers. */
    public Inode peek(long ino) {
        return cache.get(ino);
    }

    /**
     * Replaces the cached row without writing it; {@link #flushDirty} writes it before the next
     * commit. Under the database lock (inside a call or not).
     */
    public void putLater(Inode i) {
        Inode c = i.copy();
        deleted.remove(i.ino);
        undoOnRollback(i.ino, dirty.put(i.ino, c));
        cache.put(i.ino, c);
    }

    /** Inside a call: a rollback puts back the dirty row that a change replaced (or removed). */
    private void undoOnRollback(long ino, Inode before) {
        db.changed(); // a rollback also forgets the cached rows
        db.afterRollback(() -> {
            if (before == null) {
                dirty.remove(ino);
            } else {
                dirty.put(ino, before);
            }
        });
    }

    /** Writes the inodes changed by {@link #putLater}. Under the database lock. */
    public void flushDirty() throws SQLException {
        if (dirty.isEmpty()) {
            return;
        }
        java.util.List<Inode> list = new java.util.ArrayList<>(dirty.values());
        for (Inode i : list) {
            write(i);
            dirty.remove(i.ino);
        }
    }

    /** Forgets the cached rows (they are read again from the table). */
    public void clearCache() {
        cache.clear();
        deleted.clear();
    }

    public Inode get(long ino) throws SQLException {
        Inode c = dirty.isEmpty() ? null : dirty.get(ino);
        if (c == null) {
            c = cache.get(ino);
        }
        if (c != null) {
            return c.copy();
        }
        if (deleted.contains(ino)) {
            return null;
        }
        Inode i = load(ino);
        if (i != null) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(ino, i.copy());
        }
        return i;
    }

    private Inode load(long ino) throws SQLException {
        PreparedStatement p = db.ps("SELECT type, perm, uid, gid, nlink, size, alloc, rdev, atime, mtime, ctime, btime,"
                + " target, vstate FROM inode WHERE ino = ?");
        p.setLong(1, ino);
        try (ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            Inode i = new Inode();
            i.ino = ino;
            i.type = FileType.ofId(rs.getInt(1));
            i.perm = rs.getInt(2);
            i.uid = rs.getInt(3);
            i.gid = rs.getInt(4);
            i.nlink = rs.getInt(5);
            i.size = rs.getLong(6);
            i.alloc = rs.getLong(7);
            i.rdev = rs.getLong(8);
            i.atime = rs.getLong(9);
            i.mtime = rs.getLong(10);
            i.ctime = rs.getLong(11);
            i.btime = rs.getLong(12);
            i.target = rs.getBytes(13);
            i.vstate = rs.getInt(14);
            return i;
        }
    }

    /** Inserts or replaces the row. */
    public void put(Inode i) throws SQLException {
        db.changed();
        undoOnRollback(i.ino, dirty.remove(i.ino));
        deleted.remove(i.ino);
        write(i);
        cache.put(i.ino, i.copy());
    }

    private void write(Inode i) throws SQLException {
        PreparedStatement p = db.ps("INSERT OR REPLACE INTO inode(ino, type, perm, uid, gid, nlink, size, alloc, rdev,"
                + " atime, mtime, ctime, btime, target, vstate) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        p.setLong(1, i.ino);
        p.setInt(2, i.type.id());
        p.setInt(3, i.perm);
        p.setInt(4, i.uid);
        p.setInt(5, i.gid);
        p.setInt(6, i.nlink);
        p.setLong(7, i.size);
        p.setLong(8, i.alloc);
        p.setLong(9, i.rdev);
        p.setLong(10, i.atime);
        p.setLong(11, i.mtime);
        p.setLong(12, i.ctime);
        p.setLong(13, i.btime);
        p.setBytes(14, i.target);
        p.setInt(15, i.vstate);
        p.executeUpdate();
        Bytes.Writer w = JournalEntry.start(JournalEntry.INODE);
        i.write(w);
        journal.append(w);
    }

    public void delete(long ino) throws SQLException {
        db.changed();
        undoOnRollback(ino, dirty.remove(ino));
        cache.remove(ino);
        PreparedStatement p = db.ps("DELETE FROM inode WHERE ino = ?");
        p.setLong(1, ino);
        p.executeUpdate();
        deleted.add(ino);
        journal.append(JournalEntry.start(JournalEntry.INODE_DEL).i64(ino));
    }

    /** Bytes held by all files (statfs). */
    public long allocated() throws SQLException {
        flushDirty();
        try (ResultSet rs = db.ps("SELECT coalesce(sum(alloc), 0) FROM inode").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Inodes without any name (unlinked): kept while open, and then deleted. */
    public java.util.List<Long> orphans() throws SQLException {
        flushDirty();
        java.util.List<Long> out = new java.util.ArrayList<>();
        try (ResultSet rs = db.ps("SELECT ino FROM inode WHERE nlink = 0").executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    public long count() throws SQLException {
        try (ResultSet rs = db.ps("SELECT count(*) FROM inode").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public long maxIno() throws SQLException {
        try (ResultSet rs = db.ps("SELECT coalesce(max(ino), 0) FROM inode").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
