package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made ahead for the next block ids: used by new blocks, never truncating one, removed at close. */
class CacheFilesPrecreateTest {
    @TempDir
    Path dir;

    @Test
    void filesMadeAheadAreUsedAndTheUnusedRemovedAtClose() throws Exception {
        AtomicLong next = new AtomicLong(10);
        CacheFiles files = new CacheFiles(dir, 0);
        byte[] data = new byte[5000];
        new java.util.Random(1).nextBytes(data);
        try {
            files.write(10, 0, data, 0, data.length); // written before the thread could make it
            files.startPrecreation(next::get);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(files.path(40)) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(Files.exists(files.path(40)), "files are made ahead of the next id");
            byte[] back = new byte[data.length];
            assertEquals(data.length, files.read(10, 0, back, 0, back.length));
            assertArrayEquals(data, back, "an existing block file is never truncated");
            for (long id = 11; id < 20; id++) {
                files.write(id, 0, data, 0, 100 + (int) id);
                next.set(id + 1);
            }
            files.force(); // the directories of files made ahead are forced like new ones
        } finally {
            files.close();
        }
        Map<Long, Long> left = files.scan();
        assertEquals(10, left.size(), "only the written blocks remain: " + left);
        for (long id = 11; id < 20; id++) {
            assertEquals(100 + id, left.get(id));
        }
        assertEquals(5000L, left.get(10L));
    }
}
