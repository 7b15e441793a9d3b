package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;
import static org.qsfs.engine.fs.FsTestSupport.n;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.volume.Retention;

/** Versions older than the retention's age are dropped, by the background pass and on demand. */
class VersionRetentionTest {
    @TempDir
    Path dir;

    static void overwrite(FsOperations fs, long ino, String content) throws FsException {
        long fh = fs.open(ROOT, ino, OpenFlags.O_RDWR | OpenFlags.O_TRUNC);
        byte[] b = n(content);
        fs.write(fh, 0, b, 0, b.length);
        fs.release(fh);
    }

    @Test
    void versionsOlderThanTheAgeLimitAreDropped() throws Exception {
        Duration age = Duration.ofSeconds(2);
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir.resolve("s"))
                .withRetention(new Retention(true, 0, age)), null)) {
            FsOperations fs = vol.fs();
            long ino = FsTestSupport.writeFile(fs, FsOperations.ROOT_INO, "doc", n("v1"));
            overwrite(fs, ino, "v2");
            overwrite(fs, ino, "v3");
            assertEquals(2, vol.versions().history(ROOT, "/doc").size() - 1, "two kept versions and the current one");
            assertEquals(0, vol.pruneVersions(), "nothing is old yet");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // the background pass runs every second (age / 4, at least 1 s): it drops them without being asked
            while (vol.versions().history(ROOT, "/doc").size() > 1) {
                assertTrue(System.nanoTime() < deadline, "old versions were not dropped in the background: "
                        + vol.versions().history(ROOT, "/doc"));
                Thread.sleep(200);
            }
            overwrite(fs, ino, "v4");
            assertEquals(2, vol.versions().history(ROOT, "/doc").size(), "a new version is kept again");
            Thread.sleep(age.toMillis() + 100);
            int dropped = vol.pruneVersions();
            assertTrue(dropped <= 1, "at most the one new version: " + dropped);
            assertEquals(1, vol.versions().history(ROOT, "/doc").size());
            assertEquals("v4", new String(FsTestSupport.readAll(fs, ino), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
