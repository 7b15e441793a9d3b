package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The calling thread, and only it, gets the background nice value (read back from /proc). */
class BackgroundPriorityTest {
    /** Field 19 of /proc/thread-self/stat: the thread's nice value. */
    private static int niceOfThisThread() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[16]);
    }

    @Test
    void lowersTheCallingThreadOnly() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) || Files.isExecutable(Path.of("/bin/renice")),
                "renice (util-linux/bsdutils) installed");
        int before = niceOfThisThread();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                boolean lowered = BackgroundPriority.lowerCurrentThread();
                result.set(lowered ? niceOfThisThread() : "renice failed");
            } catch (Exception e) {
                result.set(e);
            }
        });
        t.start();
        t.join();
        assertEquals(BackgroundPriority.NICE, result.get(), "nice of the lowered thread");
        assertEquals(before, niceOfThisThread(), "the caller of the test keeps its priority");
        assertTrue(BackgroundPriority.NICE > before);
    }
}
