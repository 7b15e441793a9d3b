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

    public Xattrs(Db db, Journal journal) {
        this.db = db;
        this.journal = journal;
    }

    public byte[] get(long ino, byte[] name) throws SQLException {
        PreparedStatement p = db.ps("SELECT value FROM xattr WHERE ino = ? AND name = ?");
        p.setLong(1, ino);
        p.setBytes(2, name);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    public void put(long ino, byte[] name, byte[] value) throws SQLException {
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
        for (byte[] n : names(ino)) {
            remove(ino, n);
        }
    }
}
