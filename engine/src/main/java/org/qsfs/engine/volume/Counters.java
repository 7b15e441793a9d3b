package org.qsfs.engine.volume;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Monotonic counters and small settings kept in the {@code meta} table: the next inode
 * number, the next directory cookie, and the volume's parameters. Counters are cached in
 * memory and written through in the caller's transaction.
 */
public final class Counters {
    public static final String INO = "next_ino";
    public static final String COOKIE = "next_cookie";

    private final Db db;
    private static final long CHUNK = 256;
    private final java.util.Map<String, Long> cache = new java.util.HashMap<>();
    /** What the table holds for a counter (at least every value handed out + 1). */
    private final java.util.Map<String, Long> stored = new java.util.HashMap<>();

    public Counters(Db db) {
        this.db = db;
        db.onRollback(this::reset); // a rolled-back chunk must be handed out again from the table's value
    }

    /** Returns the counter's value and advances it. Inside a transaction. */
    public long next(String key) throws SQLException {
        long v = cache.containsKey(key) ? cache.get(key) : getLong(key, 1);
        Long persisted = stored.get(key);
        if (persisted == null || v + 1 > persisted) {
            // the table is one step ahead in chunks: numbers are never handed out twice, a crash skips some
            long ahead = v + CHUNK;
            setLong(key, ahead);
            stored.put(key, ahead);
        }
        cache.put(key, v + 1);
        return v;
    }

    /** Makes sure the counter will hand out nothing at or below {@code floor}. */
    public void atLeast(String key, long floor) throws SQLException {
        long v = getLong(key, 1);
        if (v <= floor) {
            setLong(key, floor + 1);
        }
        cache.remove(key);
        stored.remove(key);
    }

    /** Forgets cached values (after a rollback). */
    public void reset() {
        cache.clear();
        stored.clear();
    }

    public long getLong(String key, long dflt) throws SQLException {
        PreparedStatement p = db.ps("SELECT value FROM meta WHERE key = ?");
        p.setString(1, key);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : dflt;
        }
    }

    public void setLong(String key, long v) throws SQLException {
        PreparedStatement p = db.ps("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
        p.setString(1, key);
        p.setLong(2, v);
        p.executeUpdate();
        db.changed();
    }

    public String getString(String key) throws SQLException {
        PreparedStatement p = db.ps("SELECT value FROM meta WHERE key = ?");
        p.setString(1, key);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public void setString(String key, String v) throws SQLException {
        PreparedStatement p = db.ps("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
        p.setString(1, key);
        p.setString(2, v);
        p.executeUpdate();
    }
}
