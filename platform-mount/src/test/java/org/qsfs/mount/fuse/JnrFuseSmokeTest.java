package org.qsfs.mount.fuse;

/** {@link MountSmokeTest} through the jnr-fuse service ("fuse"), which stays selectable and is the macOS path. */
class JnrFuseSmokeTest extends MountSmokeTest {
    @Override
    String service() {
        return FuseMountService.NAME;
    }
}
