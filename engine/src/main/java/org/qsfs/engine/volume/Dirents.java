package org.qsfs.engine.volume;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Directory entries (parent, name) -> inode, and the history of removed entries. Journaled. */
public final class Dirents {
    /** One entry; {@code cookie} orders a directory's entries for readdir. */
    public record Entry(long parent, byte[] name, long ino, long cookie, long created) {
    }

    private final Db db;
    private final Journal journal;
    private final Counters counters;
    /** Where listings ended: the call after a directory's last entry needs no query. */
    private final ListingEnds ends = new ListingEnds(1024);
    /** Whole listings of directories made or listed lately: listed without a query. */
    private final DirListings listings = new DirListings(32_768, 4_096);
    private final TypeOf typeOf;

    /** The type id of inode {@code ino}, or -1 when there is no such inode. */
    public interface TypeOf {
        int of(long ino) throws SQLException;
    }

    public Dirents(Db db, Journal journal, Counters counters, TypeOf typeOf) {
        this.db = db;
        this.journal = journal;
        this.counters = counters;
        this.typeOf = typeOf;
        db.onRollback(() -> {
            ends.clear();
            listings.clear();
        });
    }

    public Entry get(long parent, byte[] name) throws SQLException {
        PreparedStatement p = db.ps("SELECT ino, cookie, created FROM dirent WHERE parent = ? AND name = ?");
        p.setLong(1, parent);
        p.setBytes(2, name);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? new Entry(parent, name, rs.getLong(1), rs.getLong(2), rs.getLong(3)) : null;
        }
    }

    /** Adds (or replaces) an entry with a new cookie. */
    public Entry add(long parent, byte[] name, long ino, long now) throws SQLException {
        Entry e = new Entry(parent, name, ino, counters.next(Counters.COOKIE), now);
        put(e);
        return e;
    }

    public void put(Entry e) throws SQLException {
        db.changed(); // a rollback takes the entry away again: the listings held are then unsure
        ends.forget(e.parent);
        if (listings.holds(e.parent)) {
            listings.added(e.parent, e.name, e.ino, e.cookie, typeOf.of(e.ino));
        }
        PreparedStatement p = db.ps("INSERT OR REPLACE INTO dirent(parent, name, ino, cookie, created)"
                + " VALUES (?,?,?,?,?)");
        p.setLong(1, e.parent);
        p.setBytes(2, e.name);
        p.setLong(3, e.ino);
        p.setLong(4, e.cookie);
        p.setLong(5, e.created);
        p.executeUpdate();
        journal.append(JournalEntry.start(JournalEntry.DIRENT).i64(e.parent).bytes(e.name).i64(e.ino).i64(e.cookie)
                .i64(e.created));
    }

    /** Removes an entry, remembering it in the history (for the tree at a past time). */
    public void remove(Entry e, long now) throws SQLException {
        db.changed(); // a rollback brings the entry back: where listings ended is then unknown
        listings.removed(e.parent, e.name);
        listings.forget(e.ino); // a removed (or moved) directory's own listing
        deleteRow(e.parent, e.name);
        journal.append(JournalEntry.start(JournalEntry.DIRENT_DEL).i64(e.parent).bytes(e.name));
        addHistory(e.parent, e.name, e.ino, e.created, now);
    }

    /** Directory {@code ino} was just made: it has no entries. */
    public void madeDirectory(long ino) {
        listings.made(ino);
    }

    /** A journal replay's removal of an entry (the history comes with the replay). */
    public void removeReplayed(long parent, byte[] name) throws SQLException {
        db.changed();
        ends.forget(parent);
        listings.forget(parent);
        deleteRow(parent, name);
    }

    private void deleteRow(long parent, byte[] name) throws SQLException {
        PreparedStatement p = db.ps("DELETE FROM dirent WHERE parent = ? AND name = ?");
        p.setLong(1, parent);
        p.setBytes(2, name);
        p.executeUpdate();
    }

    public void addHistory(long parent, byte[] name, long ino, long created, long removed) throws SQLException {
        PreparedStatement h = db.ps("INSERT INTO dhist(parent, name, ino, created, removed) VALUES (?,?,?,?,?)");
        h.setLong(1, parent);
        h.setBytes(2, name);
        h.setLong(3, ino);
        h.setLong(4, created);
        h.setLong(5, removed);
        h.executeUpdate();
        journal.append(JournalEntry.start(JournalEntry.DHIST).i64(parent).bytes(name).i64(ino).i64(created)
                .i64(removed));
    }

    /** The last entry a nameless inode lost, and when. */
    public record Removed(long parent, byte[] name, long removed) {
    }

    /** For each inode without a name (nlink 0): the last entry it lost, from the history. */
    public java.util.Map<Long, Removed> lastRemovalsOfNameless() throws SQLException {
        java.util.Map<Long, Removed> out = new java.util.HashMap<>();
        // dhist has no index on ino: scan it once, each row probing the inode by its key
        try (ResultSet rs = db.ps("SELECT h.ino, h.parent, h.name, h.removed FROM dhist h CROSS JOIN inode i"
                + " ON i.ino = h.ino WHERE i.nlink = 0").executeQuery()) {
            while (rs.next()) {
                Removed r = new Removed(rs.getLong(2), rs.getBytes(3), rs.getLong(4));
                out.merge(rs.getLong(1), r, (a, b) -> b.removed() >= a.removed() ? b : a);
            }
        }
        return out;
    }

    /** Entries of {@code parent} with a cookie above {@code after}, in cookie order. */
    public List<Entry> list(long parent, long after, int max) throws SQLException {
        PreparedStatement p = db.ps("SELECT name, ino, cookie, created FROM dirent WHERE parent = ? AND cookie > ?"
                + " ORDER BY cookie LIMIT ?");
        p.setLong(1, parent);
        p.setLong(2, after);
        p.setInt(3, max);
        List<Entry> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new Entry(parent, rs.getBytes(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return out;
    }

    /**
     * Like {@link #list}, with each entry's inode type id: {name, ino, cookie, type}. A listing
     * that comes back short has reached the end of the directory, which is remembered: the call
     * after the last entry is then answered without a query.
     */
    public List<Object[]> listTyped(long parent, long after, int max) throws SQLException {
        List<Object[]> held = listings.page(parent, after, max);
        if (held != null) {
            return held;
        }
        if (ends.nothingAfter(parent, after)) {
            return new ArrayList<>();
        }
        PreparedStatement p = db.ps("SELECT d.name, d.ino, d.cookie, i.type FROM dirent d JOIN inode i ON i.ino = d.ino"
                + " WHERE d.parent = ? AND d.cookie > ? ORDER BY d.cookie LIMIT ?");
        p.setLong(1, parent);
        p.setLong(2, after);
        p.setInt(3, max);
        List<Object[]> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new Object[] {rs.getBytes(1), rs.getLong(2), rs.getLong(3), rs.getInt(4)});
            }
        }
        if (out.size() < max) {
            ends.ended(parent, out.isEmpty() ? after : (Long) out.get(out.size() - 1)[2]);
            if (after == 0) {
                listings.whole(parent, out);
            }
        }
        return out;
    }

    public boolean isEmpty(long dir) throws SQLException {
        PreparedStatement p = db.ps("SELECT 1 FROM dirent WHERE parent = ? LIMIT 1");
        p.setLong(1, dir);
        try (ResultSet rs = p.executeQuery()) {
            return !rs.next();
        }
    }

    /** The entry naming a directory (directories have exactly one); null for the root. */
    public Entry parentOf(long dirIno) throws SQLException {
        PreparedStatement p = db.ps("SELECT parent, name, cookie, created FROM dirent WHERE ino = ? LIMIT 1");
        p.setLong(1, dirIno);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? new Entry(rs.getLong(1), rs.getBytes(2), dirIno, rs.getLong(3), rs.getLong(4)) : null;
        }
    }

    /** Entries of {@code parent} that existed at time {@code t}: current ones created by then, and removed ones. */
    public List<Entry> listAt(long parent, long t) throws SQLException {
        List<Entry> out = new ArrayList<>();
        PreparedStatement p = db.ps("SELECT name, ino, cookie, created FROM dirent WHERE parent = ? AND created <= ?");
        p.setLong(1, parent);
        p.setLong(2, t);
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new Entry(parent, rs.getBytes(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        PreparedStatement h = db.ps("SELECT name, ino, created FROM dhist WHERE parent = ? AND created <= ?"
                + " AND removed > ?");
        h.setLong(1, parent);
        h.setLong(2, t);
        h.setLong(3, t);
        try (ResultSet rs = h.executeQuery()) {
            while (rs.next()) {
                out.add(new Entry(parent, rs.getBytes(1), rs.getLong(2), 0, rs.getLong(3)));
            }
        }
        return out;
    }
}
