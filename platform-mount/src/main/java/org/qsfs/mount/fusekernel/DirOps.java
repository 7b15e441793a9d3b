package org.qsfs.mount.fusekernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.DirEntry;
import org.qsfs.engine.fs.DirEntryPlus;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FileType;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.mount.snapshots.SnapshotTree;

/**
 * OPENDIR, READDIR, READDIRPLUS, RELEASEDIR, FSYNCDIR. Directories need no handle here (the
 * request names the directory's node): see {@link #opendir}. READDIRPLUS sends each
 * entry's attributes with its name, so {@code ls -l} and {@code find} need no LOOKUP per name.
 */
final class DirOps {
    private static final byte[] DOT = {'.'};
    private static final byte[] DOTDOT = {'.', '.'};
    private static final int MAX_BATCH = 1024;

    private final MountContext m;

    DirOps(MountContext m) {
        this.m = m;
    }

    /**
     * Directories need no handle: READDIR names the directory's node and continues after a
     * cookie. A kernel that offers NO_OPENDIR_SUPPORT is told so with ENOSYS on the first
     * OPENDIR, and sends no OPENDIR or RELEASEDIR again: two round trips fewer for every
     * directory listed ({@code ls -lR}, {@code find}, {@code rm -rf} open each directory once
     * or twice). The price is the kernel's copy of a listing (FOPEN_CACHE_DIR needs an open
     * reply): listing an unchanged directory again costs its READDIRPLUS pages instead of the
     * OPENDIR and RELEASEDIR round trips, the same number of requests for a directory of one
     * page. Older kernels get FOPEN_CACHE_DIR | FOPEN_KEEP_CACHE for live directories.
     */
    void opendir(Request q, Reply r, boolean noOpendir) throws FsException {
        if (noOpendir) {
            throw new FsException(Errno.ENOSYS, "directories need no handle");
        }
        long ino = q.nodeId();
        if (m.snap(ino)) {
            SnapshotTree.Node n = m.snapshots.node(ino);
            if (!n.isTop() && m.snapshots.getattr(n).type() != FileType.DIRECTORY) {
                throw new FsException(Errno.ENOTDIR, "not a directory");
            }
            r.u64(0).u32(0).u32(0);
            return;
        }
        r.u64(0).u32(FuseKernelAbi.FOPEN_CACHE_DIR | FuseKernelAbi.FOPEN_KEEP_CACHE).u32(0);
    }

    /** fuse_read_in: fh@0 offset@8 (the cookie to continue after) size@16. */
    void readdir(Request q, Reply r, boolean plus) throws FsException {
        long dir = q.nodeId();
        long cookie = q.u64(8);
        int size = Math.min(q.u32(16), r.room());
        if (m.snap(dir)) {
            snapshotListing(dir, cookie, size, r, plus);
            return;
        }
        Caller c = m.caller(q);
        boolean root = dir == FsOperations.ROOT_INO && m.snapshots != null;
        int used = 0;
        int perEntry = plus ? FuseKernelAbi.DIRENTPLUS + 24 : FuseKernelAbi.DIRENT + 16;
        while (true) {
            int max = Math.max(2, Math.min(MAX_BATCH, (size - used) / perEntry + 1));
            // READDIRPLUS: the names and their attributes from one look at the volume
            List<DirEntryPlus> batch = plus ? m.fs.readdirPlus(c, dir, cookie, max) : plain(c, dir, cookie, max);
            if (batch.isEmpty()) {
                return;
            }
            for (DirEntryPlus ep : batch) {
                DirEntry e = ep.entry();
                byte[] name = e.name();
                int need = plus ? AttrEncoder.direntPlusSize(name.length) : AttrEncoder.direntSize(name.length);
                if (used + need > size) {
                    return;
                }
                if (root && m.snapName(dir, name)) {
                    cookie = e.offset(); // shadowed by the snapshot tree
                    continue;
                }
                if (plus) {
                    if (ep.attr() == null) {
                        AttrEncoder.emptyEntry(r);
                    } else {
                        m.enc.entry(r, ep.attr());
                    }
                }
                AttrEncoder.dirent(r, e.ino(), e.offset(), e.type().bits(), name);
                used += need;
                cookie = e.offset();
            }
            if (batch.size() < max) {
                return;
            }
        }
    }

    private List<DirEntryPlus> plain(Caller c, long dir, long cookie, int max) throws FsException {
        List<DirEntryPlus> out = new ArrayList<>();
        for (DirEntry e : m.fs.readdir(c, dir, cookie, max)) {
            out.add(new DirEntryPlus(e, null));
        }
        return out;
    }

    private record Item(byte[] name, long ino, int mode, SnapshotTree.Node node) {
    }

    /** A directory of {@code /.snapshots}: listed whole each time; entry i has cookie i + 1. */
    private void snapshotListing(long dir, long cookie, int size, Reply r, boolean plus) throws FsException {
        SnapshotTree t = m.snapshots;
        SnapshotTree.Node n = t.node(dir);
        List<Item> items = new ArrayList<>();
        items.add(new Item(DOT, dir, FileType.DIRECTORY.bits(), null));
        items.add(new Item(DOTDOT, n.isTop() || n.ino() == FsOperations.ROOT_INO
                ? (n.isTop() ? FsOperations.ROOT_INO : SnapshotTree.TOP_INO) : dir, FileType.DIRECTORY.bits(), null));
        if (n.isTop()) {
            for (SnapshotTree.Node time : t.listTopNodes()) {
                items.add(new Item(SnapshotTree.nameOf(time.view().time()).getBytes(StandardCharsets.UTF_8),
                        t.inoOf(time), FileType.DIRECTORY.bits(), time));
            }
        } else {
            for (DirEntry e : t.readdir(n)) {
                if (!e.isDot()) {
                    items.add(new Item(e.name(), e.ino(), e.type().bits(), null));
                }
            }
        }
        int used = 0;
        for (int i = (int) Math.max(0, cookie); i < items.size(); i++) {
            Item it = items.get(i);
            int need = plus ? AttrEncoder.direntPlusSize(it.name.length) : AttrEncoder.direntSize(it.name.length);
            if (used + need > size) {
                return;
            }
            if (plus) {
                if (it.name == DOT || it.name == DOTDOT) { // the two items made above
                    AttrEncoder.emptyEntry(r);
                } else {
                    m.enc(dir).entry(r, t.getattr(it.node != null ? it.node : t.node(it.ino)));
                }
            }
            AttrEncoder.dirent(r, it.ino, i + 1, it.mode, it.name);
            used += need;
        }
    }
}
