package org.qsfs.engine.volume;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.fs.FileType;

/** The version table: rows are written by {@link #keep}; their block maps live in {@link Blocks}. */
public final class Versions {
    private final Db db;
    private final Journal journal;
    private final Blocks blocks;

    public Versions(Db db, Journal journal, Blocks blocks) {
        this.db = db;
        this.journal = journal;
        this.blocks = blocks;
    }

    /**
     * Keeps the inode's current content and attributes as a new version; with {@code move} the
     * file's map is moved into it (the file is about to go: its map would be emptied next).
     * {@code ver}: the next version number of the inode (one above {@link #lastVersion}).
     */
    public VersionRow keep(Inode i, long ver, long parent, byte[] name, int kind, long now, boolean move)
            throws SQLException {
        VersionRow v = new VersionRow(i.ino, ver, parent, name, i.type, i.perm, i.uid, i.gid, i.size, i.mtime, now,
                kind, i.target);
        put(v);
        blocks.mapToVersion(i.ino, ver, move);
        return v;
    }

    public void put(VersionRow v) throws SQLException {
        PreparedStatement p = db.ps("INSERT OR REPLACE INTO version(ino, ver, parent, name, type, perm, uid, gid, size,"
                + " mtime, saved, kind, target) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
        p.setLong(1, v.ino());
        p.setLong(2, v.ver());
        p.setLong(3, v.parent());
        p.setBytes(4, v.name());
        p.setInt(5, v.type().id());
        p.setInt(6, v.perm());
        p.setInt(7, v.uid());
        p.setInt(8, v.gid());
        p.setLong(9, v.size());
        p.setLong(10, v.mtimeNs());
        p.setLong(11, v.savedNs());
        p.setInt(12, v.kind());
        p.setBytes(13, v.target());
        p.executeUpdate();
        Bytes.Writer w = JournalEntry.start(JournalEntry.VERSION);
        v.write(w);
        journal.append(w);
    }

    public long lastVersion(long ino) throws SQLException {
        PreparedStatement p = db.ps("SELECT coalesce(max(ver), 0) FROM version WHERE ino = ?");
        p.setLong(1, ino);
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public VersionRow get(long ino, long ver) throws SQLException {
        PreparedStatement p = db.ps(SELECT + " WHERE ino = ? AND ver = ?");
        p.setLong(1, ino);
        p.setLong(2, ver);
        List<VersionRow> l = rows(p);
        return l.isEmpty() ? null : l.get(0);
    }

    private static final String SELECT = "SELECT ino, ver, parent, name, type, perm, uid, gid, size, mtime, saved,"
            + " kind, target FROM version";

    /** Versions of an inode, oldest first. */
    public List<VersionRow> ofInode(long ino) throws SQLException {
        PreparedStatement p = db.ps(SELECT + " WHERE ino = ? ORDER BY ver");
        p.setLong(1, ino);
        return rows(p);
    }

    /** Versions of whatever files were named {@code name} in {@code parent}, oldest first. */
    public List<VersionRow> atName(long parent, byte[] name) throws SQLException {
        PreparedStatement p = db.ps(SELECT + " WHERE parent = ? AND name = ? ORDER BY saved");
        p.setLong(1, parent);
        p.setBytes(2, name);
        return rows(p);
    }

    /** The first version of {@code ino} saved after {@code t}: its content as it was at {@code t}. */
    public VersionRow firstSavedAfter(long ino, long t) throws SQLException {
        PreparedStatement p = db.ps(SELECT + " WHERE ino = ? AND saved > ? ORDER BY saved LIMIT 1");
        p.setLong(1, ino);
        p.setLong(2, t);
        List<VersionRow> l = rows(p);
        return l.isEmpty() ? null : l.get(0);
    }

    /** Versions saved before {@code t} (retention by age). */
    public List<VersionRow> savedBefore(long t, int max) throws SQLException {
        PreparedStatement p = db.ps(SELECT + " WHERE saved < ? ORDER BY saved LIMIT ?");
        p.setLong(1, t);
        p.setInt(2, max);
        return rows(p);
    }

    public void delete(long ino, long ver) throws SQLException {
        blocks.dropVersion(ino, ver);
        PreparedStatement p = db.ps("DELETE FROM version WHERE ino = ? AND ver = ?");
        p.setLong(1, ino);
        p.setLong(2, ver);
        p.executeUpdate();
        journal.append(JournalEntry.start(JournalEntry.VERSION_DEL).i64(ino).i64(ver));
    }

    private static List<VersionRow> rows(PreparedStatement p) throws SQLException {
        List<VersionRow> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new VersionRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBytes(4),
                        FileType.ofId(rs.getInt(5)), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getLong(9),
                        rs.getLong(10), rs.getLong(11), rs.getInt(12), rs.getBytes(13)));
            }
        }
        return out;
    }
}
