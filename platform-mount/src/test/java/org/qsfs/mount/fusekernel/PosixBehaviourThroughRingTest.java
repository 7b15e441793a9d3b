package org.qsfs.mount.fusekernel;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.qsfs.mount.fuse.PosixBehaviourThroughMountTest;
import org.qsfs.mount.testing.MountedDemo;

/** {@link PosixBehaviourThroughMountTest} (errnos, renames, links, permissions) through FUSE over io_uring. */
class PosixBehaviourThroughRingTest extends PosixBehaviourThroughMountTest {
    private final RingSuite ring = new RingSuite();

    @Override
    protected MountedDemo start(Path dir) throws Exception {
        return ring.start(dir);
    }

    @AfterAll
    void servedThroughTheRing() throws Exception {
        ring.finish(m, 100);
    }
}
