package org.qsfs.engine.volume;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Replays journal entries (from batches or a snapshot) into the tables, with the journal
 * itself off. Blocks arrive as "missing" (no backend copy) until their reference is
 * applied; nothing is cached. Call {@link #finish} once at the end.
 */
public final class JournalApplier {
    private final Tables t;
    private final Db db;

    public JournalApplier(Tables t) {
        this.t = t;
        this.db = t.db;
    }

    public void apply(byte[] entry) throws SQLException {
        Bytes.Reader r = new Bytes.Reader(entry);
        int type = r.u8();
        switch (type) {
            case JournalEntry.INODE -> t.inodes.put(Inode.read(r));
            case JournalEntry.INODE_DEL -> exec("DELETE FROM inode WHERE ino = ?", r.i64());
            case JournalEntry.DIRENT -> t.dirents.put(new Dirents.Entry(r.i64(), r.bytes(), r.i64(), r.i64(),
                    r.i64()));
            case JournalEntry.DIRENT_DEL -> t.dirents.removeReplayed(r.i64(), r.bytes());
            case JournalEntry.DHIST -> t.dirents.addHistory(r.i64(), r.bytes(), r.i64(), r.i64(), r.i64());
            case JournalEntry.BLOCK -> {
                byte[] bid = r.bytes();
                int len = r.i32();
                if (exec("UPDATE block SET len = ? WHERE bid = ?", len, bid) == 0) {
                    exec("INSERT INTO block(bid, len, state, ref, cached, atime, refs, modified, retry_at)"
                            + " VALUES (?, ?, 3, NULL, 0, 0, 0, 0, 0)", bid, len);
                }
            }
            case JournalEntry.BLOCK_REF -> exec("UPDATE block SET ref = ?, crc = ?, state = 2 WHERE bid = ?",
                    refArgs(r));
            case JournalEntry.BLOCK_DEL -> {
                byte[] bid = r.bytes();
                exec("DELETE FROM block WHERE bid = ?", bid);
            }
            case JournalEntry.FBLOCK -> exec("INSERT OR REPLACE INTO fblock(ino, idx, block)"
                    + " SELECT ?, ?, id FROM block WHERE bid = ?", r.i64(), r.i64(), r.bytes());
            case JournalEntry.FBLOCK_DEL -> exec("DELETE FROM fblock WHERE ino = ? AND idx = ?", r.i64(), r.i64());
            case JournalEntry.XATTR -> t.xattrs.put(r.i64(), r.bytes(), r.bytes());
            case JournalEntry.XATTR_DEL -> t.xattrs.remove(r.i64(), r.bytes());
            case JournalEntry.VERSION -> t.versions.put(VersionRow.read(r));
            case JournalEntry.VBLOCK -> exec("INSERT OR REPLACE INTO vblock(ino, ver, idx, block)"
                    + " SELECT ?, ?, ?, id FROM block WHERE bid = ?", r.i64(), r.i64(), r.i64(), r.bytes());
            case JournalEntry.VERSION_DEL -> {
                long ino = r.i64();
                long ver = r.i64();
                exec("DELETE FROM vblock WHERE ino = ? AND ver = ?", ino, ver);
                exec("DELETE FROM version WHERE ino = ? AND ver = ?", ino, ver);
            }
            default -> throw new SQLException("unknown journal entry type " + type + " (written by a newer QSFS?)");
        }
    }

    private static Object[] refArgs(Bytes.Reader r) {
        byte[] bid = r.bytes();
        byte[] ref = r.bytes();
        int crc = r.i32();
        return new Object[] {ref, crc, bid};
    }

    /** Recomputes reference counts and counters after replay. */
    public void finish() throws SQLException {
        db.exec("UPDATE block SET refs = (SELECT count(*) FROM fblock f WHERE f.block = block.id)"
                + " + (SELECT count(*) FROM vblock v WHERE v.block = block.id)");
        db.exec("DELETE FROM block WHERE refs = 0");
        db.exec("UPDATE block SET cached = 0, state = CASE WHEN ref IS NULL THEN 3 ELSE 2 END");
        t.counters.atLeast(Counters.INO, t.inodes.maxIno());
        long maxCookie;
        try (var rs = db.ps("SELECT coalesce(max(cookie), 0) FROM dirent").executeQuery()) {
            rs.next();
            maxCookie = rs.getLong(1);
        }
        t.counters.atLeast(Counters.COOKIE, maxCookie);
    }

    private int exec(String sql, Object... args) throws SQLException {
        PreparedStatement p = db.ps(sql);
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
        return p.executeUpdate();
    }
}
