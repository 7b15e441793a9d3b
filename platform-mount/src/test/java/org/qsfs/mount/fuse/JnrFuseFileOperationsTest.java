package org.qsfs.mount.fuse;

/** {@link FileOperationsThroughMountTest} through the jnr-fuse service ("fuse"). */
class JnrFuseFileOperationsTest extends FileOperationsThroughMountTest {
    @Override
    String service() {
        return FuseMountService.NAME;
    }
}
