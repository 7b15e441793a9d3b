package org.qsfs.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;

/**
 * A directory listed to its end is answered "nothing more" after its last cookie without a
 * query, and only while that is true: an entry added later, or a removal undone with its call,
 * shows in the next listing. Listed in pages of two, so that the directory is not held whole
 * ({@link DirListingsTest}).
 */
class ListingEndsTest {
    private static final long DIR = 7;

    @TempDir
    Path dir;
    private Db db;
    private Tables t;

    @BeforeEach
    void open() throws Exception {
        db = new Db(dir.resolve("volume.db"));
        db.startGroupCommit(Duration.ofMinutes(10)); // commits only when asked
        t = new Tables(db);
        db.tx(() -> {
            for (long ino = 10; ino <= 13; ino++) {
                t.inodes.put(TestInodes.file(ino));
            }
            t.dirents.add(DIR, b("a"), 10, 1);
            t.dirents.add(DIR, b("b"), 11, 1);
            return null;
        });
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void theCallAfterTheLastEntryRunsNoQuery() throws Exception {
        // pages of two: the directory is not held whole (DirListings), only where it ended
        List<Object[]> page = page(0);
        assertEquals(List.of("a", "b"), names(page));
        long last = lastCookie(page);
        assertEquals(List.of(), names(page(last)));
        // a row written behind the table's back (no writer does that: every entry goes through
        // Dirents.put) is not seen after the end of the listing: no query ran for that call
        db.tx(() -> {
            var p = db.ps("INSERT INTO dirent(parent, name, ino, cookie, created) VALUES (?, ?, 12, ?, 1)");
            p.setLong(1, DIR);
            p.setBytes(2, b("behind"));
            p.setLong(3, last + 100);
            p.executeUpdate();
            return null;
        });
        assertEquals(List.of(), names(page(last)));
        assertEquals(List.of("a", "b"), names(page(0)), "a page from the start still queries");
        assertEquals(List.of("b", "behind"), names(page((Long) page.get(0)[2])), "and so does one before the end");
    }

    @Test
    void anEntryAddedAfterTheEndIsListed() throws Exception {
        long last = lastCookie(page(0));
        assertEquals(List.of(), names(page(last)));
        db.tx(() -> t.dirents.add(DIR, b("c"), 12, 2));
        assertEquals(List.of("c"), names(page(last)));
        assertEquals(List.of("a", "b", "c"), names(list(0)));
    }

    @Test
    void aRemovalUndoneWithItsCallIsListedAgain() throws Exception {
        List<Object[]> all = page(0);
        long beforeLast = (Long) all.get(0)[2];
        FsException e = assertThrows(FsException.class, () -> db.tx(() -> {
            t.dirents.remove(t.dirents.get(DIR, b("b")), 3);
            // inside the call the listing ends at "a": remembered, until the call rolls back
            assertEquals(List.of(), names(t.dirents.listTyped(DIR, beforeLast, 2)));
            throw new FsException(Errno.EIO, "a call that fails after its removal");
        }));
        assertEquals(Errno.EIO, e.errno());
        assertEquals(List.of("b"), names(page(beforeLast)));
    }

    @Test
    void aShortPageIsTheEndAFullOneIsNot() throws Exception {
        db.tx(() -> t.dirents.add(DIR, b("c"), 12, 2));
        List<Object[]> page = page(0);
        assertEquals(List.of("a", "b"), names(page));
        assertEquals(List.of("c"), names(page(lastCookie(page))), "a full page says nothing of the rest");
        assertTrue(page(lastCookie(page(lastCookie(page)))).isEmpty());
    }

    private List<Object[]> list(long after) throws FsException {
        return db.read(() -> t.dirents.listTyped(DIR, after, 100));
    }

    private List<Object[]> page(long after) throws FsException {
        return db.read(() -> t.dirents.listTyped(DIR, after, 2));
    }

    private static long lastCookie(List<Object[]> rows) {
        return (Long) rows.get(rows.size() - 1)[2];
    }

    private static List<String> names(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new String((byte[]) r[0], StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
