package org.qsfs.engine.volume;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Appends journal entries to the {@code journal} table inside the caller's transaction, so
 * a change and its entry commit together. The shipper sends them to the metadata backends.
 * Off while a snapshot or batch is being replayed.
 *
 * <p>Entries wait in memory and are inserted just before the transaction commits
 * ({@link Db#commitNow}, the group commit, an fsync), up to {@link #ROWS} rows per
 * statement: a single-row INSERT per entry was about a quarter of the SQLite time of small
 * file calls (a create, unlink or setattr appends 2-8 entries). A call that rolls back takes
 * its entries back. Readers of the table (the shipper) commit first.
 */
public final class Journal {
    /** Rows per INSERT statement. */
    static final int ROWS = 64;
    private final Db db;
    private volatile boolean enabled = true;
    /** Entries not inserted yet, in order; guarded by the database lock. */
    private final java.util.ArrayList<byte[]> pending = new java.util.ArrayList<>();

    public Journal(Db db) {
        this.db = db;
        db.setJournalFlush(this::flush);
    }

    public void setEnabled(boolean on) {
        enabled = on;
    }

    /** Adds an entry; it goes into the table with the next commit. Under the database lock. */
    public void append(Bytes.Writer entry) throws SQLException {
        if (!enabled) {
            return;
        }
        int before = pending.size();
        pending.add(entry.toByteArray());
        db.afterRollback(() -> trim(before));
    }

    private void trim(int size) {
        while (pending.size() > size) {
            pending.remove(pending.size() - 1);
        }
    }

    /** Inserts the waiting entries, in order. Under the database lock, inside a transaction. */
    void flush() throws SQLException {
        int done = 0;
        try {
            while (done < pending.size()) {
                int n = Math.min(ROWS, pending.size() - done);
                PreparedStatement p = db.ps(insert(n));
                for (int k = 0; k < n; k++) {
                    p.setBytes(k + 1, pending.get(done + k));
                }
                p.executeUpdate();
                done += n;
            }
        } finally {
            pending.subList(0, done).clear(); // a failed statement leaves its entries for the retry
        }
    }

    private static final String[] INSERTS = new String[ROWS + 1];

    private static String insert(int rows) {
        String s = INSERTS[rows];
        if (s == null) {
            StringBuilder b = new StringBuilder("INSERT INTO journal(entry) VALUES (?)");
            for (int k = 1; k < rows; k++) {
                b.append(",(?)");
            }
            s = b.toString();
            INSERTS[rows] = s;
        }
        return s;
    }
}
