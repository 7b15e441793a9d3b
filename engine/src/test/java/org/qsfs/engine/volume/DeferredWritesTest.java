package org.qsfs.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;

/**
 * Inode rows changed in memory ({@link Inodes#putLater}) and journal entries reach the tables
 * only at a commit; a call that fails takes back what it changed of both, and nothing else.
 */
class DeferredWritesTest {
    @TempDir
    Path dir;
    private Db db;
    private Tables t;

    @BeforeEach
    void open() throws Exception {
        db = new Db(dir.resolve("volume.db"));
        t = new Tables(db);
        db.startGroupCommit(Duration.ofHours(1)); // only explicit commits here
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static FsException boom() {
        return new FsException(Errno.EIO, "failing on purpose");
    }

    /** What another connection sees in the committed database. */
    private long[] committed(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.file());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? new long[] {rs.getLong(1)} : new long[0];
        }
    }

    @Test
    void changesReachTheTableAtTheCommitAndFailedCallsTakeTheirsBack() throws Exception {
        db.run(() -> {
            t.inodes.put(TestInodes.file(10));
            return null;
        });
        db.commitNow();
        long entries = committed("SELECT count(*) FROM journal")[0];

        db.inMemory(() -> {
            Inode i = t.inodes.get(10);
            i.perm = 0600;
            t.inodes.putLater(i);
            return null;
        });
        assertEquals(0600, t.inodes.get(10).perm);
        assertEquals(0644, committed("SELECT perm FROM inode WHERE ino = 10")[0]);

        // a call that rewrites the row and then fails: the in-memory change before it stays
        assertThrows(FsException.class, () -> db.run(() -> {
            Inode i = t.inodes.get(10);
            i.perm = 0700;
            t.inodes.put(i);
            t.inodes.put(TestInodes.file(11));
            throw boom();
        }));
        assertEquals(0600, t.inodes.get(10).perm);
        assertEquals(null, t.inodes.get(11));
        // a memory-only call that fails
        assertThrows(FsException.class, () -> db.inMemory(() -> {
            Inode i = t.inodes.get(10);
            i.perm = 0400;
            t.inodes.putLater(i);
            throw boom();
        }));
        assertEquals(0600, t.inodes.get(10).perm);

        db.commitNow();
        assertEquals(0600, committed("SELECT perm FROM inode WHERE ino = 10")[0]);
        assertEquals(0, committed("SELECT count(*) FROM inode WHERE ino = 11")[0]);
        // one entry: the row's image at the commit (the failed calls' entries are gone)
        assertEquals(entries + 1, committed("SELECT count(*) FROM journal")[0]);
    }

    @Test
    void manyEntriesGoInInOrder() throws Exception {
        int n = Journal.ROWS * 3 + 5;
        db.run(() -> {
            for (int k = 1; k <= n; k++) {
                t.inodes.put(TestInodes.file(100 + k));
            }
            return null;
        });
        db.commitNow();
        assertEquals(n, committed("SELECT count(*) FROM journal")[0]);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.file());
                ResultSet rs = c.createStatement().executeQuery("SELECT entry FROM journal ORDER BY seq")) {
            long expect = 101;
            while (rs.next()) {
                Bytes.Reader r = new Bytes.Reader(rs.getBytes(1));
                r.u8(); // the kind
                assertEquals(expect++, r.i64(), "entries in the order of the changes");
            }
        }
    }
}
