package org.qsfs.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;

/**
 * Deleted inodes are answered "gone" without a query, and only while they really are: a delete
 * undone with its call, or an inode written again (a journal replay), is there again.
 */
class RecentlyDeletedInodesTest {
    @TempDir
    Path dir;

    @Test
    void goneOnlyWhileTheDeleteStands() throws Exception {
        try (Db db = new Db(dir.resolve("volume.db"))) {
            db.startGroupCommit(Duration.ofMinutes(10)); // commits only when asked
            Tables t = new Tables(db);
            db.tx(() -> {
                t.inodes.put(TestInodes.file(42));
                t.inodes.put(TestInodes.file(43));
                return null;
            });
            FsException e = assertThrows(FsException.class, () -> db.tx(() -> {
                t.inodes.delete(42);
                throw new FsException(Errno.EIO, "a call that fails after its delete");
            }));
            assertEquals(Errno.EIO, e.errno());
            assertFalse(t.inodes.isGone(42), "the failed call's delete was undone");
            assertEquals(1, db.read(() -> t.inodes.get(42)).nlink);

            db.tx(() -> {
                t.inodes.delete(42);
                return null;
            });
            assertTrue(t.inodes.isGone(42));
            assertNull(db.read(() -> t.inodes.get(42)));
            assertFalse(t.inodes.isGone(43));

            db.tx(() -> {
                t.inodes.put(TestInodes.file(42)); // as a journal replay may write it again
                return null;
            });
            assertFalse(t.inodes.isGone(42));
            assertEquals(1, db.read(() -> t.inodes.get(42)).nlink);
            db.commitNow();
        }
    }

    @Test
    void rememberedUpToItsCapacity() {
        RecentlyDeleted d = new RecentlyDeleted(3);
        for (long ino = 1; ino <= 5; ino++) {
            d.add(ino);
        }
        assertFalse(d.contains(1));
        assertFalse(d.contains(2));
        assertTrue(d.contains(3) && d.contains(4) && d.contains(5));
        d.remove(4);
        d.add(6); // evicts 3; the slot 4 held evicts nothing more
        assertFalse(d.contains(3));
        assertFalse(d.contains(4));
        assertTrue(d.contains(5) && d.contains(6));
    }
}
