package org.qsfs.mount.fusekernel;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.mount.fuse.CallerResolver;
import org.qsfs.mount.fuse.OpenHandles;
import org.qsfs.mount.snapshots.SnapshotTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the op dispatchers of one mount share: the engine, the {@code /.snapshots} tree (or
 * null), the attribute encoder with the mount's cache times, the callers' groups, and the
 * engine handles that are open (released after a forced unmount).
 */
final class MountContext implements OpenHandles {
    private static final Logger log = LoggerFactory.getLogger(MountContext.class);
    private static final byte[] SNAPSHOTS = SnapshotTree.NAME.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    final FsOperations fs;
    final SnapshotTree snapshots;
    final AttrEncoder enc;
    final boolean writeback;
    private final CallerResolver callers = new CallerResolver(true);
    /** Engine file handles the kernel holds, and their inode. */
    private final ConcurrentHashMap<Long, Long> openFiles = new ConcurrentHashMap<>();

    MountContext(FsOperations fs, SnapshotTree snapshots, AttrEncoder enc, boolean writeback) {
        this.fs = fs;
        this.snapshots = snapshots;
        this.enc = enc;
        this.writeback = writeback;
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

    void opened(long fh, long ino) {
        openFiles.put(fh, ino);
    }

    void released(long fh) {
        openFiles.remove(fh);
    }

    @Override
    public int openHandleCount() {
        return openFiles.size();
    }

    /** Releases the handles a forced unmount left open (the kernel will not send RELEASE for them). */
    @Override
    public void releaseAll() {
        for (Long fh : List.copyOf(openFiles.keySet())) {
            try {
                fs.release(fh);
            } catch (FsException | RuntimeException e) {
                log.warn("releasing handle {} after unmount: {}", fh, e.toString());
            }
            openFiles.remove(fh);
        }
    }
}
