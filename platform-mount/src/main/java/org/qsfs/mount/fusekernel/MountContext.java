package org.qsfs.mount.fusekernel;

import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.mount.fuse.CallerResolver;
import org.qsfs.mount.fuse.OpenHandles;
import org.qsfs.mount.snapshots.SnapshotTree;

/**
 * What the op dispatchers of one mount share: the engine, the {@code /.snapshots} tree (or
 * null), the attribute encoder with the mount's cache times, the callers' groups, and the
 * engine handles that are open (released after a forced unmount).
 */
final class MountContext {
    private static final byte[] SNAPSHOTS = SnapshotTree.NAME.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    final FsOperations fs;
    final SnapshotTree snapshots;
    final AttrEncoder enc;
    /** For the snapshot tree, which changes without a request (new snapshots): shorter times. */
    private final AttrEncoder snapshotEnc;
    final boolean writeback;
    private final CallerResolver callers = new CallerResolver(true);
    /** Engine file handles the kernel holds, and their inode. */
    final OpenHandles handles;

    MountContext(FsOperations fs, SnapshotTree snapshots, AttrEncoder enc, AttrEncoder snapshotEnc, boolean writeback) {
        this.fs = fs;
        this.handles = new OpenHandles(fs);
        this.snapshots = snapshots;
        this.enc = enc;
        this.snapshotEnc = snapshotEnc;
        this.writeback = writeback;
    }

    /** The encoder for node {@code nodeId} and the names in it: the snapshot tree's or the mount's. */
    AttrEncoder enc(long nodeId) {
        return snap(nodeId) ? snapshotEnc : enc;
    }

    Caller caller(Request q) {
        return callers.of(q.uid(), q.gid(), q.pid());
    }

    /** True for a node of the {@code /.snapshots} tree. */
    boolean snap(long nodeId) {
        return snapshots != null && SnapshotTree.isIno(nodeId);
    }

    /** True for the name {@code .snapshots} in the root, which the snapshot tree shadows. */
    boolean snapName(long parent, byte[] name) {
        return snapshots != null && parent == FsOperations.ROOT_INO && java.util.Arrays.equals(name, SNAPSHOTS);
    }

    /** True when a change at (parent, name) would touch the read-only snapshot tree. */
    boolean readOnlyAt(long parent, byte[] name) {
        return snap(parent) || snapName(parent, name);
    }

    static FsException readOnly() {
        return new FsException(Errno.EROFS, ".snapshots is read-only");
    }
}
