package org.qsfs.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FileType;
import org.qsfs.engine.fs.FsException;

/**
 * A directory made or listed whole is listed from memory afterwards, and that listing stays
 * what the table holds through additions, removals, replacements, a journal replay's removal
 * and a rolled-back call; it is bounded.
 */
class DirListingsTest {
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
            for (long ino = 10; ino <= 19; ino++) {
                t.inodes.put(TestInodes.file(ino));
            }
            Inode sub = TestInodes.file(20);
            sub.type = FileType.DIRECTORY;
            t.inodes.put(sub);
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aMadeDirectoryIsListedWithoutAQuery() throws Exception {
        db.tx(() -> {
            t.dirents.madeDirectory(DIR);
            t.dirents.add(DIR, b("a"), 10, 1);
            t.dirents.add(DIR, b("sub"), 20, 1);
            return null;
        });
        behindItsBack("behind", 11);
        List<Object[]> rows = list(0);
        assertEquals(List.of("a", "sub"), names(rows), "no query ran: the row written behind its back is not seen");
        assertEquals(FileType.REGULAR.id(), rows.get(0)[3]);
        assertEquals(FileType.DIRECTORY.id(), rows.get(1)[3]);
        assertEquals(20L, rows.get(1)[1]);
    }

    @Test
    void aDirectoryListedWholeIsHeldFromThen() throws Exception {
        db.tx(() -> {
            t.dirents.add(DIR, b("a"), 10, 1);
            t.dirents.add(DIR, b("b"), 11, 1);
            return null;
        });
        assertEquals(List.of("a", "b"), names(list(0))); // from the table
        behindItsBack("behind", 12);
        assertEquals(List.of("a", "b"), names(list(0)), "the second listing needs no query");
        assertEquals(List.of("b"), names(db.read(() -> t.dirents.listTyped(DIR, cookie("a"), 100))));
    }

    @Test
    void theHeldListingStaysWhatTheTableHolds() throws Exception {
        db.tx(() -> {
            t.dirents.madeDirectory(DIR);
            for (int i = 0; i < 6; i++) {
                t.dirents.add(DIR, b("f" + i), 10 + i, 1);
            }
            t.dirents.remove(t.dirents.get(DIR, b("f2")), 2);
            // a rename within the directory: the entry comes back with a new cookie, at the end
            t.dirents.remove(t.dirents.get(DIR, b("f0")), 2);
            t.dirents.add(DIR, b("g0"), 10, 2);
            // a journal replay: an entry written over one of the same name, a removal of its own
            t.dirents.put(new Dirents.Entry(DIR, b("f1"), 17, 99, 3));
            t.dirents.removeReplayed(DIR, b("f3"));
            t.dirents.add(DIR, b("h"), 18, 4);
            return null;
        });
        assertEquals(table(), rowsOf(list(0)));
        assertEquals(List.of("f4", "f5", "g0", "h", "f1"), names(list(0))); // the replayed f1 kept its cookie, 99
        // pages of the held listing continue where asked
        List<Object[]> page = db.read(() -> t.dirents.listTyped(DIR, 0, 2));
        assertEquals(List.of("f4", "f5"), names(page));
        assertEquals(List.of("g0", "h", "f1"), names(db.read(() -> t.dirents.listTyped(DIR, (Long) page.get(1)[2], 5))));
    }

    @Test
    void aRolledBackCallLeavesNoTrace() throws Exception {
        db.tx(() -> {
            t.dirents.madeDirectory(DIR);
            t.dirents.add(DIR, b("a"), 10, 1);
            t.dirents.add(DIR, b("b"), 11, 1);
            return null;
        });
        FsException e = assertThrows(FsException.class, () -> db.tx(() -> {
            t.dirents.remove(t.dirents.get(DIR, b("a")), 2);
            t.dirents.add(DIR, b("c"), 12, 2);
            assertEquals(List.of("b", "c"), names(t.dirents.listTyped(DIR, 0, 100)));
            throw new FsException(Errno.EIO, "a call that fails after its changes");
        }));
        assertEquals(Errno.EIO, e.errno());
        assertEquals(List.of("a", "b"), names(list(0)));
        assertEquals(table(), rowsOf(list(0)));
        assertThrows(FsException.class, () -> db.tx(() -> { // a call that only adds
            t.dirents.add(DIR, b("d"), 13, 3);
            throw new FsException(Errno.EIO, "fails after its addition");
        }));
        assertEquals(List.of("a", "b"), names(list(0)));
    }

    @Test
    void anEntryOfUnknownTypeDropsTheListing() throws Exception {
        db.tx(() -> {
            t.dirents.madeDirectory(DIR);
            t.dirents.add(DIR, b("a"), 10, 1);
            t.dirents.add(DIR, b("ghost"), 99, 1); // no inode 99: the table's join leaves it out
            return null;
        });
        assertEquals(List.of("a"), names(list(0)));
    }

    @Test
    void boundedByEntriesAndDirectories() {
        DirListings l = new DirListings(10, 4);
        l.made(1);
        for (int i = 0; i < 4; i++) {
            l.added(1, b("n" + i), 100 + i, i + 1, 0);
        }
        assertEquals(4, l.page(1, 0, 100).size());
        l.added(1, b("n4"), 104, 5, 0); // over the size held per directory
        assertNull(l.page(1, 0, 100));
        l.whole(2, List.of(row("x", 1), row("y", 2)));
        l.whole(3, List.of(row("x", 1), row("y", 2), row("z", 3)));
        assertTrue(l.holds(2) && l.holds(3)); // 5 entries + 2 directories
        l.made(4);
        l.made(5);
        l.made(6); // 5 entries + 5 directories: still 10
        assertTrue(l.holds(2));
        l.made(7); // over: the least recently used goes
        assertFalse(l.holds(2));
        assertTrue(l.holds(3) && l.holds(7));
        l.whole(8, List.of(row("a", 1), row("b", 2), row("c", 3), row("d", 4), row("e", 5)));
        assertFalse(l.holds(8), "larger than a directory may be");
    }

    private void behindItsBack(String name, long ino) throws FsException {
        // no writer does this (every entry goes through Dirents): it shows whether a query runs
        db.tx(() -> {
            var p = db.ps("INSERT INTO dirent(parent, name, ino, cookie, created) VALUES (?, ?, ?, 1000, 1)");
            p.setLong(1, DIR);
            p.setBytes(2, b(name));
            p.setLong(3, ino);
            p.executeUpdate();
            return null;
        });
    }

    private long cookie(String name) throws FsException {
        return db.read(() -> t.dirents.get(DIR, b(name)).cookie());
    }

    private List<Object[]> list(long after) throws FsException {
        return db.read(() -> t.dirents.listTyped(DIR, after, 100));
    }

    /** What the table holds, in cookie order: name, ino, cookie, type. */
    private List<String> table() throws FsException {
        return db.read(() -> {
            List<String> out = new ArrayList<>();
            var p = db.ps("SELECT d.name, d.ino, d.cookie, i.type FROM dirent d JOIN inode i ON i.ino = d.ino"
                    + " WHERE d.parent = ? ORDER BY d.cookie");
            p.setLong(1, DIR);
            try (var rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new String(rs.getBytes(1), StandardCharsets.UTF_8) + " " + rs.getLong(2) + " "
                            + rs.getLong(3) + " " + rs.getInt(4));
                }
            }
            return out;
        });
    }

    private static List<String> rowsOf(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new String((byte[]) r[0], StandardCharsets.UTF_8) + " " + r[1] + " " + r[2] + " " + r[3]);
        }
        return out;
    }

    private static Object[] row(String name, long cookie) {
        return new Object[] {b(name), cookie + 100, cookie, 0};
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
