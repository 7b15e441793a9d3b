package org.qsfs.engine.volume;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The volume's SQLite database: one connection, WAL, {@code synchronous=NORMAL}, guarded
 * by one lock. Every change runs in {@link #tx}, one transaction, so the database is
 * consistent at every instant; {@link #syncCommit()} makes everything committed so far
 * durable (fsync).
 *
 * <p>Transactions are begun and committed by hand (autocommit on, explicit
 * {@code BEGIN IMMEDIATE}) so that between them the connection is really outside any
 * transaction and may switch {@code synchronous} for a durable commit.
 */
public final class Db implements AutoCloseable {
    /** A transaction's body. */
    public interface Body<T> {
        T run() throws SQLException, FsException;
    }

    private final Connection conn;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Path file;
    private int depth;
    private final java.util.List<Runnable> afterCommit = new java.util.ArrayList<>();

    public Db(Path file) throws SQLException {
        this.file = file;
        this.conn = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = conn.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA cache_size=-65536");
            s.execute("PRAGMA temp_store=MEMORY");
            s.execute("PRAGMA busy_timeout=10000");
        }
        Schema.create(this);
    }

    public Path file() {
        return file;
    }

    /** A cached prepared statement; use only inside {@link #tx} (it is shared). */
    public PreparedStatement ps(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = conn.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    /** Runs DDL or a statement without parameters. */
    public void exec(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs {@code body} as one transaction (nested calls join the outer one). */
    public <T> T tx(Body<T> body) throws FsException {
        lock.lock();
        try {
            if (depth > 0) {
                depth++;
                try {
                    return body.run();
                } finally {
                    depth--;
                }
            }
            boolean ok = false;
            try {
                exec("BEGIN IMMEDIATE");
                depth = 1;
                T result = body.run();
                exec("COMMIT");
                ok = true;
                runAfterCommit();
                return result;
            } finally {
                depth = 0;
                afterCommit.clear();
                if (!ok) {
                    try {
                        exec("ROLLBACK");
                    } catch (SQLException ignored) {
                        // no transaction was open
                    }
                }
            }
        } catch (SQLException e) {
            throw fsError(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code r} once the current transaction commits (file deletions that must not
     * happen if it rolls back); dropped on rollback.
     */
    public void afterCommit(Runnable r) {
        if (depth == 0) {
            r.run();
        } else {
            afterCommit.add(r);
        }
    }

    private void runAfterCommit() {
        java.util.List<Runnable> list = new java.util.ArrayList<>(afterCommit);
        afterCommit.clear();
        for (Runnable r : list) {
            r.run();
        }
    }

    /** Like {@link #tx} for a body that returns nothing. */
    public void run(Body<Void> body) throws FsException {
        tx(body);
    }

    /**
     * Makes every commit so far durable: one tiny commit under {@code synchronous=FULL}
     * fsyncs the whole WAL file, and with it every earlier commit.
     */
    public void syncCommit() throws FsException {
        lock.lock();
        try {
            exec("PRAGMA synchronous=FULL");
            try {
                tx(() -> {
                    PreparedStatement p = ps("INSERT OR REPLACE INTO meta(key, value) VALUES ('sync', ?)");
                    p.setLong(1, System.nanoTime());
                    p.executeUpdate();
                    return null;
                });
            } finally {
                exec("PRAGMA synchronous=NORMAL");
            }
        } catch (SQLException e) {
            throw fsError(e);
        } finally {
            lock.unlock();
        }
    }

    public boolean heldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    public ReentrantLock lock() {
        return lock;
    }

    /** Maps an SQLite failure: a full disk is ENOSPC, anything else EIO. */
    public static FsException fsError(SQLException e) {
        if (e instanceof SQLiteException se && (se.getResultCode() == SQLiteErrorCode.SQLITE_FULL
                || se.getResultCode() == SQLiteErrorCode.SQLITE_IOERR_WRITE)) {
            return new FsException(Errno.ENOSPC, "the volume database cannot grow: " + e.getMessage(), e);
        }
        return new FsException(Errno.EIO, "volume database: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            for (PreparedStatement p : statements.values()) {
                try {
                    p.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            statements.clear();
            try {
                exec("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException ignored) {
                // best effort; the WAL is replayed on the next open
            }
            conn.close();
        } catch (SQLException ignored) {
            // nothing more to do
        } finally {
            lock.unlock();
        }
    }
}
