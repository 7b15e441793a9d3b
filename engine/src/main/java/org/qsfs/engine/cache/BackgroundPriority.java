package org.qsfs.engine.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the CPU priority of the calling thread (Linux: its nice value) for work that runs in
 * the background of the drive: uploads compress, encrypt and erasure-code every written block,
 * several CPU seconds per GiB, and on a machine with few cores they took CPU from the program
 * writing the files. At nice 10 they get what the foreground leaves, and all of it while the
 * foreground waits (on a full cache, on a durable fsync). Java has no portable call for this;
 * {@code renice} (util-linux) on the thread's own id does it, once per thread. Elsewhere, or
 * when it fails, the thread keeps its priority.
 */
public final class BackgroundPriority {
    private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);
    /** The nice value asked for: {@code -Dqsfs.background.nice=N}, 10 by default; 0 leaves threads alone. */
    static final int NICE = Integer.getInteger("qsfs.background.nice", 10);

    private BackgroundPriority() {
    }

    /** Lowers the calling thread's priority to {@link #NICE}; returns whether it did. */
    public static boolean lowerCurrentThread() {
        if (NICE <= 0) {
            return false;
        }
        Path self = Path.of("/proc/thread-self");
        if (!Files.exists(self)) {
            return false; // not Linux
        }
        try {
            String tid = Files.readSymbolicLink(self).getFileName().toString();
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                log.debug("{} keeps its priority: renice said {}", Thread.currentThread().getName(), out);
                return false;
            }
            return true;
        } catch (IOException e) {
            log.debug("{} keeps its priority: {}", Thread.currentThread().getName(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
