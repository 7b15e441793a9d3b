package org.qsfs.mount.fusekernel;

import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;

/**
 * The answer to the kernel's INIT: the protocol minor both speak and the features we take
 * from those it offers. What each flag buys is written in docs/MOUNT.md.
 */
final class InitNegotiation {
    /** 256 pages of 4 KiB: READ and WRITE requests of up to 1 MiB, the engine's block size. */
    static final int MAX_PAGES = 256;
    static final int MAX_WRITE = MAX_PAGES * 4096;

    /**
     * Read-ahead of 8 MiB (two 4 MiB blocks): sequential reads keep eight 1 MiB READs in flight,
     * served on both CPUs; with 1 MiB a 2 GiB dd read ran at 1.0-1.4 GB/s, with 8 MiB at
     * 1.7-2.0 (docs/BENCHMARKS.md, "2026-11-28 04:13-05:25 UTC"). {@code -Dqsfs.fuse.maxReadahead=BYTES}.
     */
    static int readahead() {
        return Integer.getInteger("qsfs.fuse.maxReadahead", 8 << 20);
    }

    /** What this mount asks for. */
    record Settings(boolean writeback, int maxReadahead, int maxBackground, boolean uring) {
        static Settings defaults() {
            return new Settings(!"false".equals(System.getProperty("qsfs.fuse.writeback")),
                    readahead(),
                    Integer.getInteger("qsfs.fuse.maxBackground", 64),
                    !"false".equals(System.getProperty("qsfs.fuse.uring")));
        }
    }

    /** What was agreed. */
    record Agreed(int kernelMinor, int minor, int flags, int maxWrite, int maxReadahead, boolean uring) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    private InitNegotiation() {
    }

    /** The flags we want, before intersecting with the kernel's offer. */
    static int wanted(Settings s) {
        int f = FuseKernelAbi.ASYNC_READ | FuseKernelAbi.ATOMIC_O_TRUNC | FuseKernelAbi.BIG_WRITES
                | FuseKernelAbi.DO_READDIRPLUS | FuseKernelAbi.READDIRPLUS_AUTO | FuseKernelAbi.PARALLEL_DIROPS
                | FuseKernelAbi.MAX_PAGES | FuseKernelAbi.CACHE_SYMLINKS | FuseKernelAbi.HANDLE_KILLPRIV_V2
                | FuseKernelAbi.NO_OPENDIR_SUPPORT;
        if (s.writeback()) {
            f |= FuseKernelAbi.WRITEBACK_CACHE;
        }
        return f;
    }

    /**
     * Whether the kernel offers FUSE over io_uring: FUSE_OVER_IO_URING in flags2 (fuse_init_in
     * flags2@16, present with INIT_EXT), which kernels from 6.14 set when the fuse module's
     * enable_uring parameter is on.
     */
    static boolean ringOffered(Request q) {
        return (q.u32(12) & FuseKernelAbi.INIT_EXT) != 0 && q.bodyLength() >= 20
                && (q.u32(16) & FuseRing.FLAGS2_OVER_IO_URING) != 0;
    }

    /**
     * fuse_init_in: major@0 minor@4 max_readahead@8 flags@12. Writes fuse_init_out: major@0
     * minor@4 max_readahead@8 flags@12 max_background@16 congestion_threshold@18 max_write@20
     * time_gran@24 max_pages@28 map_alignment@30 flags2@32 unused[7] (64 bytes).
     */
    static Agreed reply(Request q, Reply r, Settings s, boolean ring) throws FsException {
        int major = q.u32(0);
        int kernelMinor = q.u32(4);
        int kernelReadahead = q.u32(8);
        int offered = q.u32(12);
        if (major != FuseKernelAbi.KERNEL_VERSION) {
            throw new FsException(Errno.EIO, "unsupported FUSE protocol " + major + "." + kernelMinor
                    + " (this adapter speaks 7.x)");
        }
        int minor = Math.min(kernelMinor, FuseKernelAbi.KERNEL_MINOR_VERSION);
        int flags = wanted(s) & offered;
        if (ring) {
            flags |= FuseKernelAbi.INIT_EXT; // flags2 carries FUSE_OVER_IO_URING
        }
        // the kernel keeps the smaller of its read-ahead and ours; more is set through sysfs
        int readahead = Math.min(Integer.toUnsignedLong(kernelReadahead) > Integer.MAX_VALUE ? Integer.MAX_VALUE
                : kernelReadahead, s.maxReadahead());
        int maxWrite = (flags & FuseKernelAbi.MAX_PAGES) != 0 ? MAX_WRITE : 32 * 4096;
        int background = Math.max(1, Math.min(s.maxBackground(), 0xffff));
        r.u32(FuseKernelAbi.KERNEL_VERSION).u32(minor).u32(readahead).u32(flags)
                .u16(background).u16(background * 3 / 4)
                .u32(maxWrite).u32(1) // time_gran 1 ns
                .u16(MAX_PAGES).u16(0).u32(ring ? FuseRing.FLAGS2_OVER_IO_URING : 0).zeros(28);
        return new Agreed(kernelMinor, minor, flags, maxWrite, readahead, ring);
    }
}
