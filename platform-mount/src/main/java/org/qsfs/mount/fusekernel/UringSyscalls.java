package org.qsfs.mount.fusekernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The Linux calls an io_uring needs, direct-mapped (plain JNI, arguments as raw numbers and
 * addresses): io_uring_setup and io_uring_enter through syscall(2) (no C library wraps
 * them), mmap/munmap for the rings, sched_setaffinity to keep a queue's worker on its CPU.
 * The syscall numbers are the same on every 64-bit Linux architecture (425, 426).
 */
final class UringSyscalls {
    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    static final int PROT_READ_WRITE = 0x1 | 0x2;
    static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;
    static final long MAP_FAILED = -1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private UringSyscalls() {
    }

    /** Binds the natives now (throws UnsatisfiedLinkError or NoClassDefFoundError when JNA cannot). */
    static void load() {
    }

    static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6)
            throws LastErrorException;

    static native long mmap(long addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

    static native int munmap(long addr, long length) throws LastErrorException;

    /** {@code pid} 0: the calling thread. */
    static native int sched_setaffinity(int pid, long cpusetsize, long mask) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}
