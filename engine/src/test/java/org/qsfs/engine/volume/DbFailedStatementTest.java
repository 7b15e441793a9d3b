package org.qsfs.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;

/**
 * A call whose statement fails inside the group transaction is undone alone and the volume goes
 * on: the check that SQLite still has the transaction (a BEGIN refused inside one) must say yes
 * here, or every failed statement would stop the volume.
 */
class DbFailedStatementTest {
    @TempDir
    Path dir;

    private static long value(Db db, String key) throws Exception {
        return db.read(() -> {
            var p = db.ps("SELECT value FROM meta WHERE key = ?");
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1L;
            }
        });
    }

    private static void put(Db db, String key, long v) throws Exception {
        db.run(() -> {
            var p = db.ps("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
            p.setString(1, key);
            p.setLong(2, v);
            p.executeUpdate();
            return null;
        });
    }

    @Test
    void aFailedStatementUndoesItsCallAloneAndTheVolumeGoesOn() throws Exception {
        try (Db db = new Db(dir.resolve("volume.db"))) {
            db.startGroupCommit(Duration.ofMinutes(10)); // only the commits the test asks for
            put(db, "before", 1);
            FsException e = assertThrows(FsException.class, () -> db.run(() -> {
                var p = db.ps("INSERT OR REPLACE INTO meta(key, value) VALUES ('inside', 2)");
                p.executeUpdate();
                db.ps("INSERT INTO no_such_table VALUES (1)").executeUpdate(); // fails
                return null;
            }));
            assertEquals(Errno.EIO, e.errno());
            assertNull(db.stopped(), "a failed statement does not stop the volume");
            assertEquals(-1, value(db, "inside"), "the failed call is undone");
            put(db, "after", 3);
            db.commitNow();
            assertEquals(1, value(db, "before"));
            assertEquals(3, value(db, "after"));
            assertNull(db.stopped());
        }
        try (Db db = new Db(dir.resolve("volume.db"))) {
            assertEquals(1, value(db, "before"), "committed");
            assertEquals(3, value(db, "after"), "committed");
            assertEquals(-1, value(db, "inside"));
        }
    }
}
