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
    private static final int MAX_OPS_PER_COMMIT = 50_000;
    private int depth;
    private final java.util.List<Runnable> afterCommit = new java.util.ArrayList<>();
    private final java.util.List<Runnable> afterDurablePending = new java.util.ArrayList<>();
    private final java.util.List<Runnable> afterDurable = new java.util.ArrayList<>();
    private final java.util.List<Runnable> afterRollback = new java.util.ArrayList<>();
    private final java.util.List<Runnable> rollbackListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<WriteBack> writeBacks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<WriteBack> commitWriteBacks = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The journal's buffered entries: written after every other write-back, which may add entries. */
    private volatile WriteBack journalFlush;
    private java.util.concurrent.ScheduledExecutorService groupCommit;
    /** A group transaction is open. */
    private boolean open;
    private int ops;
    private boolean changed;
    /**
     * Set when SQLite rolled a group transaction back whole (a COMMIT, or a statement spilling
     * to the WAL, failed on a full disk): the database is consistent at the last commit, but
     * memory (caches, ids handed out, files written) still holds the lost calls. The volume then
     * refuses every call until it is opened again, so nothing built on the lost state is written.
     */
    private volatile FsException stopped;

    public Db(Path file) throws SQLException {
        this.file = file;
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setGetGeneratedKeys(false); // else the driver prepares a query after every INSERT
        this.conn = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        try (Statement s = conn.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA cache_size=-65536");
            s.execute("PRAGMA temp_store=MEMORY");
            s.execute("PRAGMA busy_timeout=10000");
            // a checkpoint fsyncs twice: every 1,000 pages (the default) made commit-heavy work
            // (a small file written and closed = one commit) about 10% slower than every 10,000
            s.execute("PRAGMA wal_autocheckpoint=10000");
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

    /** Runs a transaction control statement (prepared once: they run several times per call). */
    private void ctl(String sql) throws SQLException {
        ps(sql).execute();
    }

    /** Runs DDL or a statement without parameters. */
    public void exec(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Runs {@code body} as one transaction (nested calls join the outer one): it happens
     * completely or not at all. With {@link #startGroupCommit} on, the body runs as a
     * savepoint inside a longer transaction that is committed by a timer, by
     * {@link #commitNow()} and by {@link #syncCommit()}; a process kill loses at most the
     * calls since the last commit, never anything before an fsync.
     */
    public <T> T tx(Body<T> body) throws FsException {
        lock.lock();
        try {
            checkUsable();
            if (depth > 0) {
                depth++;
                try {
                    return body.run();
                } finally {
                    depth--;
                }
            }
            flushWriteBack();
            boolean ok = false;
            boolean savepoint = groupCommit != null || open;
            boolean inSavepoint = false;
            changed = false;
            try {
                if (savepoint) {
                    if (!open) {
                        ctl("BEGIN IMMEDIATE");
                        open = true;
                    }
                    ctl("SAVEPOINT op");
                    inSavepoint = true;
                } else {
                    ctl("BEGIN IMMEDIATE");
                }
                depth = 1;
                T result = body.run();
                if (!savepoint) {
                    flushCommitWriteBack();
                }
                ctl(savepoint ? "RELEASE op" : "COMMIT");
                ok = true;
                ops++;
                runAfterCommit();
                if (!savepoint) {
                    runAfterDurable();
                } else if (ops >= MAX_OPS_PER_COMMIT) {
                    commitLocked();
                }
                return result;
            } finally {
                depth = 0;
                afterCommit.clear();
                if (!ok) {
                    undoCall();
                    try {
                        if (savepoint) {
                            ctl("ROLLBACK TO op");
                            ctl("RELEASE op");
                        } else {
                            ctl("ROLLBACK");
                        }
                    } catch (SQLException e) {
                        if (inSavepoint) {
                            // SQLite rolled the whole group back (a statement failed on a full disk)
                            groupLost(e);
                        } // else no transaction was open
                    }
                    tellRolledBack();
                } else {
                    keepCall();
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a body that only reads: like {@link #tx} (it sees everything written so far,
     * including the fast paths' in-memory changes) without a savepoint of its own.
     */
    public <T> T read(Body<T> body) throws FsException {
        lock.lock();
        try {
            checkUsable();
            if (depth > 0) {
                return body.run();
            }
            flushWriteBack();
            depth = 1;
            try {
                return body.run();
            } finally {
                depth = 0;
                afterCommit.clear();
            }
        } catch (SQLException e) {
            throw failed(e);
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

    /**
     * Runs {@code r} once the current call's changes are committed to the database file
     * (not only released into a group transaction): deleting a cache file whose row a
     * crash could bring back must wait for this. Dropped if the call rolls back.
     */
    public void afterDurable(Runnable r) {
        if (depth == 0 && !open) {
            r.run();
        } else if (depth == 0) {
            afterDurable.add(r);
        } else {
            afterDurablePending.add(r);
        }
    }

    private void runAfterCommit() {
        java.util.List<Runnable> list = new java.util.ArrayList<>(afterCommit);
        afterCommit.clear();
        for (Runnable r : list) {
            r.run();
        }
    }

    private void runAfterDurable() {
        if (afterDurable.isEmpty()) {
            return;
        }
        java.util.List<Runnable> list = new java.util.ArrayList<>(afterDurable);
        afterDurable.clear();
        for (Runnable r : list) {
            r.run();
        }
    }

    /**
     * Runs {@code r} if the current call rolls back (removing a file it created, restoring
     * in-memory state it changed); the undos of one call run in reverse order.
     */
    public void afterRollback(Runnable r) {
        if (depth > 0) {
            afterRollback.add(r);
        }
    }

    /** Records that the running call changed a cached table (a rollback then clears the caches). */
    public void changed() {
        changed = true;
    }

    /** Called after a call that changed cached tables rolled back. */
    public void onRollback(Runnable r) {
        rollbackListeners.add(r);
    }

    /**
     * Changes kept in memory by the fast paths (inode sizes and times, block lengths), written
     * to the tables before any other call and before every commit. Runs under the lock.
     */
    public interface WriteBack {
        void flush() throws SQLException;
    }

    public void addWriteBack(WriteBack w) {
        writeBacks.add(w);
    }

    /**
     * Like {@link #addWriteBack}, but written only before each commit (and before any call when
     * group commit is off): for state that every reader takes from memory, not from the table,
     * so an inode changed by several calls within one commit interval is written once.
     */
    public void addCommitWriteBack(WriteBack w) {
        commitWriteBacks.add(w);
    }

    /** Writes the commit-time write-back state now (before a query that reads those tables). Under the lock. */
    public void flushDeferred() throws SQLException {
        flushWriteBack();
        flushCommitWriteBack();
    }

    private void flushCommitWriteBack() throws SQLException {
        for (WriteBack w : commitWriteBacks) {
            w.flush();
        }
        WriteBack j = journalFlush;
        if (j != null) {
            j.flush();
        }
    }

    /** Sets the journal's flush, run before each commit after every other write-back. */
    void setJournalFlush(WriteBack w) {
        journalFlush = w;
    }

    private void flushWriteBack() throws SQLException {
        if (groupCommit != null && !open) {
            ctl("BEGIN IMMEDIATE");
            open = true;
        }
        for (WriteBack w : writeBacks) {
            w.flush(); // without group commit this runs in autocommit, one statement at a time
        }
        if (groupCommit == null && !open) {
            flushCommitWriteBack(); // every call commits: nothing waits for a commit
        }
    }

    /**
     * Runs a body that changes only in-memory state kept for the next commit
     * ({@link Inodes#putLater}) and reads: like {@link #tx} without the savepoint's two statements
     * (a chmod or utime was one SAVEPOINT and one RELEASE around no write). A failure runs the
     * body's undos ({@link #afterRollback}), as a rollback would.
     */
    public <T> T inMemory(Body<T> body) throws FsException {
        lock.lock();
        try {
            checkUsable();
            if (depth > 0) {
                return body.run();
            }
            flushWriteBack();
            changed = false;
            depth = 1;
            boolean ok = false;
            try {
                T result = body.run();
                if (groupCommit == null && !open) {
                    flushCommitWriteBack(); // every call commits
                }
                ok = true;
                ops++;
                runAfterCommit();
                return result;
            } finally {
                depth = 0;
                afterCommit.clear();
                if (ok) {
                    keepCall();
                } else {
                    undoCall();
                    tellRolledBack();
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            lock.unlock();
        }
    }

    /** After a call that failed: its durability hooks are dropped and its undos run, the last change first. */
    private void undoCall() {
        afterDurablePending.clear();
        java.util.List<Runnable> undo = new java.util.ArrayList<>(afterRollback);
        afterRollback.clear();
        java.util.Collections.reverse(undo);
        for (Runnable r : undo) {
            r.run();
        }
    }

    /** After a failed call that changed rows: what caches them forgets them. */
    private void tellRolledBack() {
        if (changed) {
            for (Runnable r : rollbackListeners) {
                r.run();
            }
        }
    }

    /** After a call that succeeded: its undos are not needed, its durability hooks wait for the commit. */
    private void keepCall() {
        afterRollback.clear();
        afterDurable.addAll(afterDurablePending);
        afterDurablePending.clear();
    }

    /** Like {@link #tx} for a body that returns nothing. */
    public void run(Body<Void> body) throws FsException {
        tx(body);
    }

    /**
     * Turns on group commit: calls become savepoints of a transaction committed at least every
     * {@code interval} by a background thread. Without it every call commits.
     */
    public void startGroupCommit(java.time.Duration interval) {
        lock.lock();
        try {
            if (groupCommit != null) {
                return;
            }
            long ms = Math.max(1, interval.toMillis());
            groupCommit = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "qsfs-db-commit");
                t.setDaemon(true);
                return t;
            });
            groupCommit.scheduleWithFixedDelay(() -> {
                if (stopped != null) {
                    return; // said once, when it stopped
                }
                try {
                    commitNow();
                } catch (FsException e) {
                    org.slf4j.LoggerFactory.getLogger(Db.class).warn("group commit failed (retrying): {}",
                            e.getMessage());
                }
            }, ms, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** Commits the group transaction now (with the in-memory changes); not durable against power loss. */
    public void commitNow() throws FsException {
        lock.lock();
        try {
            checkUsable();
            if (depth > 0) {
                return; // inside a call: its end (or the timer) commits
            }
            flushWriteBack();
            commitLocked();
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            lock.unlock();
        }
    }

    private void commitLocked() throws SQLException {
        if (open) {
            flushCommitWriteBack();
            try {
                ctl("COMMIT");
            } catch (SQLException e) {
                if (!transactionActive()) {
                    // SQLite rolls the whole transaction back when a COMMIT fails (but for SQLITE_BUSY)
                    groupLost(e);
                } // else (busy: another process reads the file) it stays open and is retried
                throw e;
            }
            open = false;
            ops = 0;
        }
        runAfterDurable();
    }

    /**
     * The group transaction is gone from the database (SQLite rolled it back): ends it for
     * certain, drops what waited for it (file deletions whose rows are back) and stops the
     * volume. Under the lock.
     */
    private void groupLost(SQLException cause) {
        try {
            ctl("ROLLBACK");
        } catch (SQLException alreadyRolledBack) {
            // what SQLite did itself; the ROLLBACK only makes sure
        }
        resetStatements();
        open = false;
        ops = 0;
        afterDurable.clear();
        afterDurablePending.clear();
        stopped = new FsException(Errno.EIO, "the volume database lost its uncommitted changes (" + cause.getMessage()
                + "): changes of the last seconds that were not fsync'ed are gone and the volume accepts no more"
                + " calls; free space where " + file + " lives, then unmount and mount the volume again", cause);
        org.slf4j.LoggerFactory.getLogger(Db.class).error("{}", stopped.getMessage());
    }

    /**
     * After a statement failed while the group transaction is open: if SQLite rolled it back
     * whole (it may on SQLITE_FULL, IOERR, NOMEM, even outside a savepoint, e.g. in a write-back
     * flush), the volume stops. Returns the error for the caller.
     */
    private FsException failed(SQLException e) {
        if (open && stopped == null && !transactionActive()) {
            groupLost(e);
        }
        return fsError(e);
    }

    /**
     * Whether SQLite still has a transaction open on the connection (sqlite-jdbc does not expose
     * sqlite3_get_autocommit): a BEGIN fails inside one; outside, it is rolled back at once.
     * Anything else counts as no transaction, which stops the volume (the safe side).
     */
    private boolean transactionActive() {
        try {
            exec("BEGIN");
        } catch (SQLException inside) {
            return String.valueOf(inside.getMessage()).contains("within a transaction");
        }
        try {
            exec("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing was written
        }
        return false;
    }

    /** Closes every cached statement (a failed one may be left half-run); they are prepared again when used. */
    private void resetStatements() {
        for (PreparedStatement p : statements.values()) {
            try {
                p.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        statements.clear();
    }

    /** Throws once the volume has stopped (see {@link #stopped}). */
    private void checkUsable() throws FsException {
        FsException s = stopped;
        if (s != null) {
            throw s; // the same instance each time: the message says it all, the stack is the first failure's
        }
    }

    /** Why the volume stopped accepting calls, or null while it works. */
    public FsException stopped() {
        return stopped;
    }

    /** Whether file deletions wait for the next commit (a full cache disk then commits and retries). */
    public boolean deferredDeletions() {
        lock.lock();
        try {
            return !afterDurable.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Calls released since the last commit (tests). */
    public int uncommittedCalls() {
        lock.lock();
        try {
            return open ? Math.max(ops, 1) : 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes every commit so far durable: one tiny commit under {@code synchronous=FULL}
     * fsyncs the whole WAL file, and with it every earlier commit.
     */
    public void syncCommit() throws FsException {
        lock.lock();
        try {
            checkUsable();
            if (depth > 0) {
                throw new IllegalStateException("syncCommit inside a transaction");
            }
            flushWriteBack();
            commitLocked();
            exec("PRAGMA synchronous=FULL");
            try {
                ctl("BEGIN IMMEDIATE");
                boolean ok = false;
                try {
                    PreparedStatement p = ps("INSERT OR REPLACE INTO meta(key, value) VALUES ('sync', ?)");
                    p.setLong(1, System.nanoTime());
                    p.executeUpdate();
                    ctl("COMMIT");
                    ok = true;
                } finally {
                    if (!ok) {
                        try {
                            ctl("ROLLBACK");
                        } catch (SQLException ignored) {
                            // nothing open
                        }
                    }
                }
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
        java.util.concurrent.ScheduledExecutorService gc;
        lock.lock();
        try {
            gc = groupCommit;
            groupCommit = null;
        } finally {
            lock.unlock();
        }
        if (gc != null) {
            gc.shutdownNow();
            try {
                gc.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            try {
                if (stopped == null) { // else memory holds calls the database lost: write none of it
                    flushWriteBack();
                    commitLocked();
                }
            } catch (SQLException e) {
                org.slf4j.LoggerFactory.getLogger(Db.class).warn("final commit failed: {}", e.getMessage());
            }
            resetStatements();
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
