package org.qsfs.mount.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Switches the kernel's FUSE over io_uring on or off for a test (the fuse module's
 * {@code enable_uring} parameter, Linux 6.14+, root only) and puts the old value back on
 * close. The kernel reads it when a mount starts, so mounts already running keep theirs.
 * Tests that need it are skipped where the parameter does not exist or cannot be written.
 */
public final class KernelFuseRing implements AutoCloseable {
    public static final Path PARAMETER = Path.of("/sys/module/fuse/parameters/enable_uring");
    private final String before;

    private KernelFuseRing(String before) {
        this.before = before;
    }

    public static KernelFuseRing set(boolean on) throws IOException {
        assumeTrue(Files.isWritable(PARAMETER), "FUSE over io_uring needs Linux 6.14+ and root (" + PARAMETER + ")");
        String before = Files.readString(PARAMETER).trim();
        Files.writeString(PARAMETER, on ? "Y" : "N");
        return new KernelFuseRing(before);
    }

    @Override
    public void close() throws IOException {
        Files.writeString(PARAMETER, before);
    }
}
