package org.qsfs.mount.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.MountBusyException;
import org.qsfs.mount.MountPointException;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.testing.DemoVolume;
import org.qsfs.mount.testing.MountedDemo;

/** Unmount while a file is open (refused, then forced), and mount points that cannot be used. */
class UnmountAndMountPointTest {
    @TempDir
    Path dir;

    @Test
    void unmountWhileAFileIsOpenIsRefusedThenForced() throws Exception {
        MountedDemo m = MountedDemo.start(dir);
        Path f = m.path("open.txt");
        Files.writeString(f, "keep me");
        InputStream in = Files.newInputStream(f);
        try {
            MountBusyException busy = assertThrows(MountBusyException.class, () -> m.mount().unmount(false));
            assertTrue(busy.getMessage().contains("in use"), busy.getMessage());
            assertTrue(busy.getMessage().contains("force"), busy.getMessage());
            assertTrue(busy.holders().stream().anyMatch(h -> h.contains("this process")), busy.holders().toString());
            assertTrue(m.mount().isMounted());
            assertEquals("keep me", Files.readString(f), "the refused unmount changed nothing");
            m.mount().unmount(true);
            assertFalse(m.mount().isMounted());
            assertFalse(Files.exists(f), "the drive is gone from the mount point");
        } finally {
            try {
                in.close();
            } catch (java.io.IOException expected) {
                // ENOTCONN: the connection was aborted by the forced unmount
            }
        }
        // the volume was closed after the forced unmount and reopens with the file intact
        try (DemoVolume v = DemoVolume.start(dir.resolve("volume"))) {
            var a = v.fs().lookup(org.qsfs.engine.fs.Caller.ROOT, 1, "open.txt".getBytes());
            assertEquals(7, a.size());
        }
    }

    @Test
    void aCleanUnmountWithNothingOpenAndASecondCallIsHarmless() throws Exception {
        MountedDemo m = MountedDemo.start(dir);
        Files.writeString(m.path("x"), "x");
        m.mount().unmount(false);
        m.mount().unmount(false);
        assertFalse(m.mount().isMounted());
        assertEquals(0, Files.list(dir.resolve("mnt")).count());
    }

    @Test
    void missingNonDirectoryNonEmptyAndBusyMountPointsGiveClearErrors() throws Exception {
        try (DemoVolume v = DemoVolume.start(dir.resolve("volume"))) {
            var fuse = MountServices.choose(MountedDemo.service());
            MountPointException missing = assertThrows(MountPointException.class,
                    () -> fuse.mount(v.fs(), MountRequest.at(dir.resolve("nope").toString())));
            assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
            Path file = Files.writeString(dir.resolve("file"), "f");
            MountPointException notDir = assertThrows(MountPointException.class,
                    () -> fuse.mount(v.fs(), MountRequest.at(file.toString())));
            assertTrue(notDir.getMessage().contains("not a directory"), notDir.getMessage());
            Path full = Files.createDirectories(dir.resolve("full"));
            Files.writeString(full.resolve("something"), "s");
            MountPointException notEmpty = assertThrows(MountPointException.class,
                    () -> fuse.mount(v.fs(), MountRequest.at(full.toString())));
            assertTrue(notEmpty.getMessage().contains("not empty"), notEmpty.getMessage());

            Path mp = Files.createDirectories(dir.resolve("busy"));
            var first = fuse.mount(v.fs(), MountRequest.at(mp.toString()));
            try {
                MountPointException busy = assertThrows(MountPointException.class,
                        () -> fuse.mount(v.fs(), MountRequest.at(mp.toString())));
                assertTrue(busy.getMessage().contains("already mounted"), busy.getMessage());
                assertTrue(first.isMounted(), "the live mount was left alone");
            } finally {
                first.unmount(false);
            }
        }
    }
}
