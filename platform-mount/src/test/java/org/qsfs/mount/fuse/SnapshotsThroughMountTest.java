package org.qsfs.mount.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.testing.MountedDemo;
import org.qsfs.mount.testing.Sh;

/** {@code /.snapshots/<time>/}: the tree at a past time, read-only, through a real mount. */
class SnapshotsThroughMountTest {
    @TempDir
    Path dir;

    @Test
    void oldContentIsReadableAndTheViewIsReadOnly() throws Exception {
        MountedDemo m = MountedDemo.start(dir);
        try {
            Files.createDirectories(m.path("docs"));
            Path f = m.path("docs/note.txt");
            Files.writeString(f, "first version\n");
            Files.createSymbolicLink(m.path("docs/link"), Path.of("note.txt"));
            Thread.sleep(50);
            Instant before = Instant.now();
            Thread.sleep(50);
            Files.writeString(f, "second, longer version\n");
            Files.writeString(m.path("docs/later.txt"), "made after the snapshot time\n");
            assertEquals("second, longer version\n", Files.readString(f));

            Path snap = m.path(".snapshots/" + before);
            assertEquals("first version\n", Files.readString(snap.resolve("docs/note.txt")));
            assertEquals("first version\n", Sh.ok(null, "cat", snap.resolve("docs/note.txt").toString()));
            assertEquals(14, Files.size(snap.resolve("docs/note.txt")));
            assertEquals(Path.of("note.txt"), Files.readSymbolicLink(snap.resolve("docs/link")));
            assertFalse(Files.exists(snap.resolve("docs/later.txt")));
            try (var s = Files.list(snap.resolve("docs"))) {
                assertEquals(List.of("link", "note.txt"), s.map(p -> p.getFileName().toString()).sorted().toList());
            }
            // a later time sees the new content; the snapshot's inode numbers are not the live ones
            Path now = m.path(".snapshots/" + Instant.now());
            assertEquals("second, longer version\n", Files.readString(now.resolve("docs/note.txt")));
            assertNotEquals(Files.getAttribute(f, "unix:ino"), Files.getAttribute(snap.resolve("docs/note.txt"), "unix:ino"));
            assertNotEquals(Files.getAttribute(snap.resolve("docs/note.txt"), "unix:ino"),
                    Files.getAttribute(now.resolve("docs/note.txt"), "unix:ino"));

            // hidden from the root's listing, listed by hour itself
            try (var s = Files.list(m.root())) {
                assertEquals(List.of("docs"), s.map(p -> p.getFileName().toString()).sorted().toList());
            }
            try (var s = Files.list(m.path(".snapshots"))) {
                List<String> hours = s.map(p -> p.getFileName().toString()).toList();
                assertTrue(hours.contains(Instant.now().truncatedTo(ChronoUnit.HOURS).toString()), hours.toString());
            }
            assertThrows(NoSuchFileException.class, () -> Files.readString(m.path(".snapshots/yesterday/x")));

            // read-only: EROFS for every change
            String erofs = "Read-only file system";
            for (Executable change : List.<Executable>of(
                    () -> Files.writeString(snap.resolve("docs/note.txt"), "x"),
                    () -> Files.writeString(snap.resolve("docs/new.txt"), "x"),
                    () -> Files.createDirectory(snap.resolve("newdir")),
                    () -> Files.delete(snap.resolve("docs/note.txt")),
                    () -> Files.move(snap.resolve("docs/note.txt"), m.path("moved.txt")),
                    () -> Files.createDirectory(m.path(".snapshots/newdir")),
                    () -> Files.setPosixFilePermissions(snap.resolve("docs/note.txt"),
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx")))) {
                FileSystemException e = assertThrows(FileSystemException.class, change::run);
                assertTrue(String.valueOf(e.getReason()).contains(erofs) || String.valueOf(e.getMessage()).contains(erofs)
                        || e instanceof java.nio.file.AccessDeniedException, e.toString());
            }
            String touch = Sh.run(null, "touch", snap.resolve("docs/note.txt").toString()).out();
            assertTrue(touch.contains(erofs), touch);
            assertEquals("first version\n", Files.readString(snap.resolve("docs/note.txt")));
            assertEquals("second, longer version\n", Files.readString(f));
        } finally {
            m.close();
        }
    }

    @FunctionalInterface
    interface Executable {
        void run() throws Exception;
    }
}
