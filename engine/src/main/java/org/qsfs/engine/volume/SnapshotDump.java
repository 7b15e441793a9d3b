package org.qsfs.engine.volume;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/** Writes every row of the tables as journal entries: the body of a snapshot. Inside a transaction. */
final class SnapshotDump {
    private SnapshotDump() {
    }

    static void dump(Tables t, Consumer<byte[]> out) throws SQLException {
        Db db = t.db;
        try (ResultSet rs = db.ps("SELECT ino FROM inode ORDER BY ino").executeQuery()) {
            while (rs.next()) {
                Inode i = t.inodes.get(rs.getLong(1));
                Bytes.Writer w = JournalEntry.start(JournalEntry.INODE);
                i.write(w);
                out.accept(w.toByteArray());
            }
        }
        try (ResultSet rs = db.ps("SELECT parent, name, ino, cookie, created FROM dirent").executeQuery()) {
            while (rs.next()) {
                out.accept(JournalEntry.start(JournalEntry.DIRENT).i64(rs.getLong(1)).bytes(rs.getBytes(2))
                        .i64(rs.getLong(3)).i64(rs.getLong(4)).i64(rs.getLong(5)).toByteArray());
            }
        }
        try (ResultSet rs = db.ps("SELECT parent, name, ino, created, removed FROM dhist").executeQuery()) {
            while (rs.next()) {
                out.accept(JournalEntry.start(JournalEntry.DHIST).i64(rs.getLong(1)).bytes(rs.getBytes(2))
                        .i64(rs.getLong(3)).i64(rs.getLong(4)).i64(rs.getLong(5)).toByteArray());
            }
        }
        try (ResultSet rs = db.ps("SELECT bid, len, ref, crc FROM block").executeQuery()) {
            while (rs.next()) {
                byte[] bid = rs.getBytes(1);
                out.accept(JournalEntry.start(JournalEntry.BLOCK).bytes(bid).i32(rs.getInt(2)).toByteArray());
                byte[] ref = rs.getBytes(3);
                if (ref != null) {
                    out.accept(JournalEntry.start(JournalEntry.BLOCK_REF).bytes(bid).bytes(ref).i32(rs.getInt(4))
                            .toByteArray());
                }
            }
        }
        try (ResultSet rs = db.ps("SELECT f.ino, f.idx, b.bid FROM fblock f JOIN block b ON b.id = f.block")
                .executeQuery()) {
            while (rs.next()) {
                out.accept(JournalEntry.start(JournalEntry.FBLOCK).i64(rs.getLong(1)).i64(rs.getLong(2))
                        .bytes(rs.getBytes(3)).toByteArray());
            }
        }
        try (ResultSet rs = db.ps("SELECT ino, name, value FROM xattr").executeQuery()) {
            while (rs.next()) {
                out.accept(JournalEntry.start(JournalEntry.XATTR).i64(rs.getLong(1)).bytes(rs.getBytes(2))
                        .bytes(rs.getBytes(3)).toByteArray());
            }
        }
        try (ResultSet rs = db.ps("SELECT ino, ver FROM version").executeQuery()) {
            while (rs.next()) {
                VersionRow v = t.versions.get(rs.getLong(1), rs.getLong(2));
                Bytes.Writer w = JournalEntry.start(JournalEntry.VERSION);
                v.write(w);
                out.accept(w.toByteArray());
            }
        }
        try (ResultSet rs = db.ps("SELECT v.ino, v.ver, v.idx, b.bid FROM vblock v JOIN block b ON b.id = v.block")
                .executeQuery()) {
            while (rs.next()) {
                out.accept(JournalEntry.start(JournalEntry.VBLOCK).i64(rs.getLong(1)).i64(rs.getLong(2))
                        .i64(rs.getLong(3)).bytes(rs.getBytes(4)).toByteArray());
            }
        }
    }
}
