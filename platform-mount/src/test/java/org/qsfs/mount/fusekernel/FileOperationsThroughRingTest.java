package org.qsfs.mount.fusekernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.qsfs.mount.fuse.FileOperationsThroughMountTest;
import org.qsfs.mount.testing.KernelFuseRing;
import org.qsfs.mount.testing.MountedDemo;

/** {@link FileOperationsThroughMountTest} with the requests going through FUSE over io_uring. */
class FileOperationsThroughRingTest extends FileOperationsThroughMountTest {
    private KernelFuseRing ring;

    @Override
    protected MountedDemo start(Path dir) throws Exception {
        ring = KernelFuseRing.set(true);
        return MountedDemo.start(dir, org.qsfs.mount.MountRequest.at(dir.resolve("mnt").toString()),
                FuseKernelMountService.NAME);
    }

    @AfterAll
    void servedThroughTheRing() throws Exception {
        if (ring == null || m == null) {
            return; // skipped: no FUSE over io_uring here
        }
        try {
            assertTrue(((KernelMount) m.mount()).servedByRing() > 100,
                    "requests answered through the ring: " + ((KernelMount) m.mount()).servedByRing());
        } finally {
            ring.close();
        }
    }
}
