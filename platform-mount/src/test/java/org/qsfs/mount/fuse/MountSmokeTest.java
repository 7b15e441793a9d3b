package org.qsfs.mount.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.testing.MountedDemo;
import org.qsfs.mount.testing.Sh;

/** The real volume mounted: files in and out, df, unmount. */
class MountSmokeTest {
    @TempDir
    Path dir;

    /** The mount service under test (a subclass runs the same test with another). */
    String service() {
        return MountedDemo.service();
    }

    @Test
    void writesReadsListsAndUnmounts() throws Exception {
        MountedDemo m = MountedDemo.start(dir, org.qsfs.mount.MountRequest.at(dir.resolve("mnt").toString()),
                service());
        try {
            Path f = m.path("hello.txt");
            Files.writeString(f, "hello quantum world\n");
            assertEquals("hello quantum world\n", Files.readString(f));
            Files.createDirectories(m.path("a/b/c"));
            byte[] big = new byte[5 * 1024 * 1024 + 17];
            new java.util.Random(1).nextBytes(big);
            Files.write(m.path("a/b/c/big.bin"), big);
            assertArrayEquals(big, Files.readAllBytes(m.path("a/b/c/big.bin")));
            try (var s = Files.list(m.root())) {
                assertEquals(List.of("a", "hello.txt"), s.map(p -> p.getFileName().toString()).sorted().toList());
            }
            String df = Sh.ok(null, "df", "-B1", m.root().toString());
            assertTrue(df.contains("qsfs"), df);
            assertEquals(MountServices.choose(service()).name(), m.mount().serviceName());
        } finally {
            m.close();
        }
        assertFalse(m.mount().isMounted());
    }
}
