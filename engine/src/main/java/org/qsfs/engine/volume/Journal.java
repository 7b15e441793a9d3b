package org.qsfs.engine.volume;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Appends journal entries to the {@code journal} table inside the caller's transaction, so
 * a change and its entry commit together. The shipper sends them to the metadata backends.
 * Off while a snapshot or batch is being replayed.
 */
public final class Journal {
    private final Db db;
    private volatile boolean enabled = true;

    public Journal(Db db) {
        this.db = db;
    }

    public void setEnabled(boolean on) {
        enabled = on;
    }

    public void append(Bytes.Writer entry) throws SQLException {
        if (!enabled) {
            return;
        }
        PreparedStatement p = db.ps("INSERT INTO journal(entry) VALUES (?)");
        p.setBytes(1, entry.toByteArray());
        p.executeUpdate();
    }
}
