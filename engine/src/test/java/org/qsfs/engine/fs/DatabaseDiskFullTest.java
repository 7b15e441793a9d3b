package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;
import static org.qsfs.engine.fs.FsTestSupport.n;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.volume.Retention;

/**
 * The volume's state directory on a real, small file system (tmpfs, mounted as root) that
 * fills up while calls wait for the group commit: SQLite rolls a COMMIT that fails with
 * SQLITE_FULL back whole, so the calls of that group are gone from the database while memory
 * still holds them. The volume then refuses every call with a message that says what to do
 * (nothing built on the lost calls reaches the database); mounted again it holds the state of
 * the last commit, with everything fsync'ed, and works.
 */
class DatabaseDiskFullTest {
    @TempDir
    Path dir;
    private Path mnt;

    @AfterEach
    void unmount() throws Exception {
        if (mnt != null) {
            new ProcessBuilder("umount", "-l", mnt.toString()).inheritIO().start().waitFor();
        }
    }

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    /** Fills the file system with one file until it is full; returns it. */
    private static Path fill(Path fsDir) throws IOException {
        Path filler = fsDir.resolve("filler");
        byte[] mb = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(mb);
            }
        } catch (IOException full) {
            // the disk is full
        }
        return filler;
    }

    /** A 32 MiB tmpfs mounted under the test's directory (root only: skipped otherwise). */
    private Path smallFileSystem() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", small.toString()), "tmpfs mount");
        mnt = small;
        return small;
    }

    private static VolumeOptions options(Path small) {
        return VolumeOptions.defaults(small.resolve("s")).withBlockSize(64 * 1024).withCache(16L << 20, 0)
                .withRetention(Retention.NONE);
    }

    @Test
    void aCommitLostToAFullDiskLeavesNoPhantomsAndFsyncRecovers() throws Exception {
        Path small = smallFileSystem();
        VolumeOptions options = options(small);
        byte[] before = FsTestSupport.randomBytes(1, 100_000);
        try (FsVolume vol = FsVolume.open(options, null)) {
            FsOperations fs = vol.fs();
            fsynced(fs, "before", before);

            Path filler = fill(small);
            // calls that only change metadata: held in SQLite's page cache until the group commit
            for (int i = 0; i < 200; i++) {
                try {
                    fs.mkdir(ROOT, FsOperations.ROOT_INO, n("d" + i), 0755);
                } catch (FsException e) {
                    assertTrue(e.errno() == Errno.ENOSPC || e.errno() == Errno.EIO, e.getMessage());
                }
            }
            Thread.sleep(2_500); // group commits run (every second) and fail: SQLite rolls them back
            Files.delete(filler); // space is back, but memory still holds calls the database lost
            FsException refused = assertThrows(FsException.class,
                    () -> fs.mkdir(ROOT, FsOperations.ROOT_INO, n("later"), 0755));
            assertEquals(Errno.EIO, refused.errno());
            assertTrue(refused.getMessage().contains("mount the volume again"), refused.getMessage());
            assertThrows(FsException.class, () -> fs.lookup(ROOT, FsOperations.ROOT_INO, n("before")));
        }
        Map<String, String> reopened;
        try (FsVolume vol = FsVolume.open(options, null)) {
            FsOperations fs = vol.fs();
            reopened = TreeManifest.of(fs); // every entry resolves and reads
            assertArrayEquals(before, FsTestSupport.readAll(fs, fs.lookup(ROOT, FsOperations.ROOT_INO, n("before")).ino()),
                    "fsync'ed before the disk filled");
            byte[] after = FsTestSupport.randomBytes(2, 100_000);
            fsynced(fs, "after", after);
            reopened.put("/after", TreeManifest.of(fs).get("/after"));
        }
        try (FsVolume vol = FsVolume.open(options, null)) {
            assertEquals(reopened, TreeManifest.of(vol.fs()), "the volume works again after a remount");
        }
    }

    /**
     * Twelve rounds (about a minute): write and fsync a file, fill the disk at a random moment
     * of more writes, wait for group commits, free the space, mount again. Every fsync'ed file
     * of every round reads back, and the tree walks, whether the volume stopped or not.
     * {@code mvn -B -Psoak verify}.
     */
    @Test
    @Tag("soak")
    void fillAndFreeTheDiskAgainAndAgain() throws Exception {
        Path small = smallFileSystem();
        VolumeOptions options = options(small);
        java.util.Random random = new java.util.Random(42);
        java.util.Map<String, Integer> synced = new java.util.LinkedHashMap<>();
        int stops = 0;
        for (int round = 0; round < 12; round++) {
            try (FsVolume vol = FsVolume.open(options, null)) {
                FsOperations fs = vol.fs();
                String name = "f" + round;
                int len = 50_000 + random.nextInt(100_000);
                fsynced(fs, name, FsTestSupport.randomBytes(round, len));
                synced.put(name, len);
                Path filler = null;
                int fillAt = random.nextInt(40);
                for (int i = 0; i < 60; i++) {
                    if (i == fillAt) {
                        filler = fill(small);
                    }
                    try {
                        if (i % 3 == 0) {
                            fs.mkdir(ROOT, FsOperations.ROOT_INO, n(name + "-d" + i), 0755);
                        } else {
                            FsTestSupport.writeFile(fs, FsOperations.ROOT_INO, name + "-x" + i,
                                    FsTestSupport.randomBytes(i, random.nextInt(20_000)));
                        }
                    } catch (FsException e) {
                        assertTrue(e.errno() == Errno.ENOSPC || e.errno() == Errno.EIO, e.getMessage());
                    }
                }
                Thread.sleep(1_100 + random.nextInt(1_000)); // a group commit or two
                stops += vol.stopped() != null ? 1 : 0;
                if (filler != null) {
                    Files.delete(filler);
                }
            }
            try (FsVolume vol = FsVolume.open(options, null)) {
                FsOperations fs = vol.fs();
                TreeManifest.of(fs);
                for (var f : synced.entrySet()) {
                    int r = Integer.parseInt(f.getKey().substring(1));
                    byte[] got = FsTestSupport.readAll(fs, fs.lookup(ROOT, FsOperations.ROOT_INO, n(f.getKey())).ino());
                    assertArrayEquals(FsTestSupport.randomBytes(r, f.getValue()), got, f.getKey());
                }
                // what the round made besides its fsync'ed file goes, so the disk does not stay full
                for (DirEntry e : fs.readdir(ROOT, FsOperations.ROOT_INO, 0, 10_000)) {
                    String n = e.nameString();
                    if (n.contains("-")) {
                        if (e.type() == FileType.DIRECTORY) {
                            fs.rmdir(ROOT, FsOperations.ROOT_INO, n(n));
                        } else {
                            fs.unlink(ROOT, FsOperations.ROOT_INO, n(n));
                        }
                    }
                }
            }
        }
        assertTrue(stops > 0, "the disk never filled under a commit: the soak tested nothing");
    }

    private static void fsynced(FsOperations fs, String name, byte[] data) throws FsException {
        FsTestSupport.writeFile(fs, FsOperations.ROOT_INO, name, data);
        long fh = fs.open(ROOT, fs.lookup(ROOT, FsOperations.ROOT_INO, n(name)).ino(), OpenFlags.O_RDWR);
        fs.fsync(fh, false);
        fs.release(fh);
    }
}
