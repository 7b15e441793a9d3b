package org.qsfs.mount.fusekernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.testing.KernelFuseRing;
import org.qsfs.mount.testing.MountedDemo;

/**
 * For a through-mount suite run again over FUSE over io_uring: mounts with the kernel's ring
 * switched on, then checks that the ring answered the suite's requests and puts the kernel's
 * setting back.
 */
final class RingSuite {
    private KernelFuseRing ring;

    MountedDemo start(Path dir) throws Exception {
        ring = KernelFuseRing.set(true);
        return MountedDemo.start(dir, MountRequest.at(dir.resolve("mnt").toString()), FuseKernelMountService.NAME);
    }

    /** After the suite (mounted still): more than {@code atLeast} requests went through the ring. */
    void finish(MountedDemo m, long atLeast) throws Exception {
        if (ring == null || m == null) {
            return; // skipped: no FUSE over io_uring here
        }
        try {
            long served = ((KernelMount) m.mount()).servedByRing();
            assertTrue(served > atLeast, "requests answered through the ring: " + served);
        } finally {
            ring.close();
        }
    }
}
