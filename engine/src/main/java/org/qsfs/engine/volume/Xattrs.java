package org.qsfs.engine.volume;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Extended attributes, journaled. */
public final class Xattrs {
    private final Db db;
    private final Journal journal;
    /**
     * The inodes that may have attributes (read at the first call under the lock, then added
     * to by {@link #put}; never removed: a stale member only costs the slow path). The kernel
     * asks every file for {@code security.capability} before its first write; for the others
     * the answer needs no lock and no query.
     */
    private volatile java.util.Set<Long> holders;

    public Xattrs(Db db, Journal journal) {
        this.db = db;
        this.journal = journal;
    }

    /** False when inode {@code ino} has no attributes for sure; lock-free. */
    public boolean mayHave(long ino) {
        java.util.Set<Long> h = holders;
        return h == null || h.contains(ino);
    }

    private java.util.Set<Long> holders() throws SQLException {
        java.util.Set<Long> h = holders;
        if (h == null) {
            h = java.util.concurrent.ConcurrentHashMap.newKeySet();
            try (ResultSet rs = db.ps("SELECT DISTINCT ino FROM xattr").executeQuery()) {
                while (rs.next()) {
                    h.add(rs.getLong(1));
                }
            }
            holders = h;
        }
        return h;
    }

    public byte[] get(long ino, byte[] name) throws SQLException {
        holders();
        PreparedStatement p = db.ps("SELECT value FROM xattr WHERE ino = ? AND name = ?");
        p.setLong(1, ino);
        p.setBytes(2, name);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    public void put(long ino, byte[] name, byte[] value) throws SQLException {
        holders().add(ino); // before the row: a lock-free reader that misses it would answer ENODATA
        PreparedStatement p = db.ps("INSERT OR REPLACE INTO xattr(ino, name, value) VALUES (?,?,?)");
        p.setLong(1, ino);
        p.setBytes(2, name);
        p.setBytes(3, value);
        p.executeUpdate();
        journal.append(JournalEntry.start(JournalEntry.XATTR).i64(ino).bytes(name).bytes(value));
    }

    public boolean remove(long ino, byte[] name) throws SQLException {
        PreparedStatement p = db.ps("DELETE FROM xattr WHERE ino = ? AND name = ?");
        p.setLong(1, ino);
        p.setBytes(2, name);
        boolean removed = p.executeUpdate() > 0;
        if (removed) {
            journal.append(JournalEntry.start(JournalEntry.XATTR_DEL).i64(ino).bytes(name));
        }
        return removed;
    }

    public List<byte[]> names(long ino) throws SQLException {
        PreparedStatement p = db.ps("SELECT name FROM xattr WHERE ino = ? ORDER BY name");
        p.setLong(1, ino);
        List<byte[]> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getBytes(1));
            }
        }
        return out;
    }

    /** Removes all attributes of a deleted inode. */
    public void removeAll(long ino) throws SQLException {
        if (!holders().contains(ino)) {
            return; // most files never had one: no query per deleted file
        }
        for (byte[] n : names(ino)) {
            remove(ino, n);
        }
    }
}
