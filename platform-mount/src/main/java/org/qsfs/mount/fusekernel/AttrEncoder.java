package org.qsfs.mount.fusekernel;

import java.time.Duration;
import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.StatFs;
import org.qsfs.mount.MountRequest;

/**
 * Writes the engine's attributes as the kernel's structs: {@code fuse_attr},
 * {@code fuse_entry_out} (with the entry and attribute cache times of the mount),
 * {@code fuse_attr_out}, {@code fuse_kstatfs} and directory records.
 */
final class AttrEncoder {
    /** st_blksize: what cp, dd and stdio size their buffers by. */
    static final int BLKSIZE = 128 * 1024;

    private final long entrySec;
    private final int entryNsec;
    private final long attrSec;
    private final int attrNsec;

    AttrEncoder(Duration entryTimeout, Duration attrTimeout) {
        this.entrySec = entryTimeout.getSeconds();
        this.entryNsec = entryTimeout.getNano();
        this.attrSec = attrTimeout.getSeconds();
        this.attrNsec = attrTimeout.getNano();
    }

    /** With the cache times of {@code r}. */
    static AttrEncoder of(MountRequest r) {
        return new AttrEncoder(r.entryTimeout(), r.attrTimeout());
    }

    /** True when a missing name may be cached by the kernel (a negative entry). */
    boolean cachesNegative() {
        return entrySec > 0 || entryNsec > 0;
    }

    /** {@code struct fuse_attr} (88 bytes). */
    static void attr(Reply r, long ino, Attr a) {
        r.u64(ino).u64(a.size()).u64(a.blocks())
                .u64(Math.floorDiv(a.atimeNs(), 1_000_000_000L))
                .u64(Math.floorDiv(a.mtimeNs(), 1_000_000_000L))
                .u64(Math.floorDiv(a.ctimeNs(), 1_000_000_000L))
                .u32((int) Math.floorMod(a.atimeNs(), 1_000_000_000L))
                .u32((int) Math.floorMod(a.mtimeNs(), 1_000_000_000L))
                .u32((int) Math.floorMod(a.ctimeNs(), 1_000_000_000L))
                .u32(a.mode()).u32(a.nlink()).u32(a.uid()).u32(a.gid()).u32((int) a.rdev())
                .u32(BLKSIZE).u32(0);
    }

    /** {@code struct fuse_entry_out} for node {@code a.ino()} (128 bytes). */
    void entry(Reply r, Attr a) {
        r.u64(a.ino()).u64(0).u64(entrySec).u64(attrSec).u32(entryNsec).u32(attrNsec);
        attr(r, a.ino(), a);
    }

    /** A negative entry: node id 0, the name is remembered as missing for the entry timeout. */
    void negativeEntry(Reply r) {
        r.u64(0).u64(0).u64(entrySec).u64(0).u32(entryNsec).u32(0).zeros(FuseKernelAbi.ATTR);
    }

    /** An entry the kernel should not link (readdirplus "." and ".."): node id 0, no times. */
    static void emptyEntry(Reply r) {
        r.zeros(FuseKernelAbi.ENTRY_OUT);
    }

    /** {@code struct fuse_attr_out} (104 bytes). */
    void attrOut(Reply r, Attr a) {
        r.u64(attrSec).u32(attrNsec).u32(0);
        attr(r, a.ino(), a);
    }

    /** {@code struct fuse_statfs_out} (80 bytes). */
    static void statfs(Reply r, StatFs s) {
        r.u64(s.totalBlocks()).u64(s.freeBlocks()).u64(s.availBlocks()).u64(s.totalInodes()).u64(s.freeInodes())
                .u32((int) s.blockSize()).u32(s.maxNameLength()).u32((int) s.blockSize()).u32(0).zeros(24);
    }

    /** The size of a {@code fuse_dirent} record for a name of {@code nameLen} bytes. */
    static int direntSize(int nameLen) {
        return FuseKernelAbi.align8(FuseKernelAbi.DIRENT + nameLen);
    }

    static int direntPlusSize(int nameLen) {
        return FuseKernelAbi.align8(FuseKernelAbi.DIRENTPLUS + nameLen);
    }

    /** {@code struct fuse_dirent}: d_ino, the cookie of the next entry, the name, DT_* type. */
    static void dirent(Reply r, long ino, long nextCookie, int mode, byte[] name) {
        r.u64(ino).u64(nextCookie).u32(name.length).u32((mode >>> 12) & 017).bytes(name, 0, name.length).pad8();
    }
}
