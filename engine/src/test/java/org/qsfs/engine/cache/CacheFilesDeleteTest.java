package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files of dropped blocks are deleted in the background, counted off the disk bytes, and all gone by close. */
class CacheFilesDeleteTest {
    @TempDir
    Path dir;

    @Test
    void deletedLaterAreGoneAfterAwaitAndTheRestByClose() throws Exception {
        CacheFiles files = new CacheFiles(dir, 0);
        byte[] data = new byte[10_000];
        try {
            for (long id = 1; id <= 200; id++) {
                files.write(id, 0, data, 0, data.length);
            }
            assertEquals(2_000_000, files.diskBytes());
            for (long id = 1; id <= 100; id++) {
                files.deleteLater(id);
            }
            files.awaitDeletions();
            assertFalse(files.pendingDeletions());
            for (long id = 1; id <= 100; id++) {
                assertFalse(Files.exists(files.path(id)), "file " + id);
            }
            assertEquals(1_000_000, files.diskBytes());
            assertEquals(100, files.scan().size());
            for (long id = 101; id <= 200; id++) {
                files.deleteLater(id); // left for close
            }
            files.deleteLater(500); // never written: nothing to do
        } finally {
            files.close();
        }
        assertTrue(files.scan().isEmpty(), "close finishes the queue");
        assertEquals(0, files.diskBytes());
        files.deleteLater(7); // after close: at once, no thread
    }
}
