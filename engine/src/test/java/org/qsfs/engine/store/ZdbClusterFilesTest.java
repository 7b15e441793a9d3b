package org.qsfs.engine.store;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leak scanner used by the plaintext tests finds what it should, so its silence means something. */
class ZdbClusterFilesTest {
    @TempDir
    Path dir;

    @Test
    void findsAnyLeakedWindowAndNames() throws Exception {
        byte[] content = new byte[10_000];
        new Random(1).nextBytes(content);
        byte[] noise = new byte[5_000];
        new Random(2).nextBytes(noise);
        Path clean = Files.write(dir.resolve("clean"), noise);
        ZdbClusterFiles.assertNoLeak(List.of(clean), new String[] {"name.txt"}, new byte[][] {content}, 64);

        byte[] leaky = noise.clone();
        System.arraycopy(content, 7_777, leaky, 1_234, 64); // exactly one 64-byte run
        Path bad = Files.write(dir.resolve("bad"), leaky);
        assertThrows(AssertionError.class, () -> ZdbClusterFiles.assertNoLeak(List.of(clean, bad),
                new String[0], new byte[][] {content}, 64));

        byte[] named = noise.clone();
        System.arraycopy("name.txt".getBytes(), 0, named, 99, 8);
        Path withName = Files.write(dir.resolve("named"), named);
        assertThrows(AssertionError.class, () -> ZdbClusterFiles.assertNoLeak(List.of(withName),
                new String[] {"name.txt"}, new byte[][] {content}, 64));
    }
}
