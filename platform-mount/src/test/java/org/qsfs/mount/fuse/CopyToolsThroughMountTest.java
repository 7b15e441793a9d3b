package org.qsfs.mount.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.testing.MountedDemo;
import org.qsfs.mount.testing.Sh;
import org.qsfs.mount.testing.Trees;

/** cp, rsync and tar through the mounted real volume, contents compared by SHA-256. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopyToolsThroughMountTest {
    @TempDir
    static Path dir;
    MountedDemo m;
    Path source;
    String sourceDigest;

    @BeforeAll
    void mount() throws Exception {
        source = dir.resolve("source");
        Trees.make(source, 300, 42);
        Files.createSymbolicLink(source.resolve("link-to-d0"), Path.of("d0"));
        sourceDigest = Trees.digest(source);
        m = MountedDemo.start(dir);
    }

    @AfterAll
    void unmount() throws Exception {
        m.close();
    }

    @Test
    void cpOfATreeKeepsEveryByte() throws Exception {
        Sh.ok(null, "cp", "-a", source.toString(), m.path("cp-copy").toString());
        assertEquals(sourceDigest, Trees.digest(m.path("cp-copy")));
        assertEquals(Trees.listing(source), Trees.listing(m.path("cp-copy")));
        // and back out again
        Sh.ok(null, "cp", "-a", m.path("cp-copy").toString(), dir.resolve("back").toString());
        assertEquals(sourceDigest, Trees.digest(dir.resolve("back")));
    }

    @Test
    void rsyncOfATreeKeepsEveryByteAndASecondRunCopiesNothing() throws Exception {
        Sh.ok(null, "rsync", "-a", source + "/", m.path("rsync-copy") + "/");
        assertEquals(sourceDigest, Trees.digest(m.path("rsync-copy")));
        String again = Sh.ok(null, "rsync", "-a", "--itemize-changes", source + "/", m.path("rsync-copy") + "/");
        assertEquals("", again.trim(), "a second rsync found differences (times or sizes not kept)");
        Sh.ok(null, "rsync", "-a", "--checksum", "--delete", m.path("rsync-copy") + "/", dir.resolve("rback") + "/");
        assertEquals(sourceDigest, Trees.digest(dir.resolve("rback")));
    }

    @Test
    void tarExtractsIntoTheMountAndRecreatesTheSameArchive() throws Exception {
        Path tar = dir.resolve("src.tar");
        Sh.ok(source, "tar", "--sort=name", "--mtime=@1700000000", "--owner=0", "--group=0", "--numeric-owner",
                "-cf", tar.toString(), ".");
        Files.createDirectories(m.path("tarx"));
        Sh.ok(m.path("tarx"), "tar", "-xf", tar.toString());
        assertEquals(sourceDigest, Trees.digest(m.path("tarx")));
        Path again = dir.resolve("again.tar");
        Sh.ok(m.path("tarx"), "tar", "--sort=name", "--mtime=@1700000000", "--owner=0", "--group=0",
                "--numeric-owner", "-cf", again.toString(), ".");
        assertEquals(Sh.ok(null, "sha256sum", "-b", tar.toString()).split(" ")[0],
                Sh.ok(null, "sha256sum", "-b", again.toString()).split(" ")[0]);
        // a compressed archive written into the mount and listed from it
        Sh.ok(m.path("tarx"), "tar", "-czf", m.path("packed.tgz").toString(), "d1");
        Sh.ok(null, "tar", "-tzf", m.path("packed.tgz").toString());
    }
}
