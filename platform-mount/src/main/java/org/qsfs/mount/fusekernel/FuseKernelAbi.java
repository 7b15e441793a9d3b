package org.qsfs.mount.fusekernel;

/**
 * The numbers of the kernel FUSE protocol this adapter speaks (linux/fuse.h, protocol 7.38;
 * a newer kernel talks 7.38 with us, an older one its own minor). Struct layouts are given as
 * byte offsets; every struct is little/native-endian and 8-byte padded.
 */
final class FuseKernelAbi {
    private FuseKernelAbi() {
    }

    static final int KERNEL_VERSION = 7;
    static final int KERNEL_MINOR_VERSION = 38;
    static final long ROOT_ID = 1;

    // ---- opcodes ----
    static final int LOOKUP = 1;
    static final int FORGET = 2;
    static final int GETATTR = 3;
    static final int SETATTR = 4;
    static final int READLINK = 5;
    static final int SYMLINK = 6;
    static final int MKNOD = 8;
    static final int MKDIR = 9;
    static final int UNLINK = 10;
    static final int RMDIR = 11;
    static final int RENAME = 12;
    static final int LINK = 13;
    static final int OPEN = 14;
    static final int READ = 15;
    static final int WRITE = 16;
    static final int STATFS = 17;
    static final int RELEASE = 18;
    static final int FSYNC = 20;
    static final int SETXATTR = 21;
    static final int GETXATTR = 22;
    static final int LISTXATTR = 23;
    static final int REMOVEXATTR = 24;
    static final int FLUSH = 25;
    static final int INIT = 26;
    static final int OPENDIR = 27;
    static final int READDIR = 28;
    static final int RELEASEDIR = 29;
    static final int FSYNCDIR = 30;
    static final int ACCESS = 34;
    static final int CREATE = 35;
    static final int INTERRUPT = 36;
    static final int DESTROY = 38;
    static final int BATCH_FORGET = 42;
    static final int FALLOCATE = 43;
    static final int READDIRPLUS = 44;
    static final int RENAME2 = 45;
    static final int LSEEK = 46;
    /** One past the highest opcode we count (statistics). */
    static final int OPCODE_LIMIT = 64;

    // ---- INIT flags ----
    static final int ASYNC_READ = 1;
    static final int ATOMIC_O_TRUNC = 1 << 3;
    static final int BIG_WRITES = 1 << 5;
    static final int DO_READDIRPLUS = 1 << 13;
    static final int READDIRPLUS_AUTO = 1 << 14;
    static final int WRITEBACK_CACHE = 1 << 16;
    static final int PARALLEL_DIROPS = 1 << 18;
    static final int MAX_PAGES = 1 << 22;
    static final int CACHE_SYMLINKS = 1 << 23;
    /** Offered by kernels from 5.1: an OPENDIR answered ENOSYS means "no handles, no OPENDIR or RELEASEDIR again". */
    static final int NO_OPENDIR_SUPPORT = 1 << 24;
    static final int HANDLE_KILLPRIV_V2 = 1 << 28;
    static final int INIT_EXT = 1 << 30;

    // ---- open reply flags ----
    static final int FOPEN_KEEP_CACHE = 1 << 1;
    static final int FOPEN_CACHE_DIR = 1 << 3;

    // ---- setattr valid bits ----
    static final int FATTR_MODE = 1;
    static final int FATTR_UID = 1 << 1;
    static final int FATTR_GID = 1 << 2;
    static final int FATTR_SIZE = 1 << 3;
    static final int FATTR_ATIME = 1 << 4;
    static final int FATTR_MTIME = 1 << 5;
    static final int FATTR_FH = 1 << 6;
    static final int FATTR_ATIME_NOW = 1 << 7;
    static final int FATTR_MTIME_NOW = 1 << 8;
    static final int FATTR_CTIME = 1 << 10;
    static final int FATTR_KILL_SUIDGID = 1 << 11;

    // ---- other flags ----
    static final int WRITE_KILL_SUIDGID = 1 << 2;
    static final int OPEN_KILL_SUIDGID = 1;
    static final int FSYNC_FDATASYNC = 1;

    // ---- sizes ----
    static final int IN_HEADER = 40;
    static final int OUT_HEADER = 16;
    static final int ATTR = 88;
    static final int ENTRY_OUT = 40 + ATTR;
    static final int ATTR_OUT = 16 + ATTR;
    static final int OPEN_OUT = 16;
    static final int INIT_OUT = 64;
    static final int STATFS_OUT = 80;
    static final int DIRENT = 24;
    static final int DIRENTPLUS = ENTRY_OUT + DIRENT;

    // ---- in-header offsets ----
    static final int H_LEN = 0;
    static final int H_OPCODE = 4;
    static final int H_UNIQUE = 8;
    static final int H_NODEID = 16;
    static final int H_UID = 24;
    static final int H_GID = 28;
    static final int H_PID = 32;

    /** Records in READDIR replies are padded to 8 bytes. */
    static int align8(int n) {
        return (n + 7) & ~7;
    }

    static String opName(int op) {
        return switch (op) {
            case LOOKUP -> "LOOKUP";
            case FORGET -> "FORGET";
            case GETATTR -> "GETATTR";
            case SETATTR -> "SETATTR";
            case READLINK -> "READLINK";
            case SYMLINK -> "SYMLINK";
            case MKNOD -> "MKNOD";
            case MKDIR -> "MKDIR";
            case UNLINK -> "UNLINK";
            case RMDIR -> "RMDIR";
            case RENAME -> "RENAME";
            case LINK -> "LINK";
            case OPEN -> "OPEN";
            case READ -> "READ";
            case WRITE -> "WRITE";
            case STATFS -> "STATFS";
            case RELEASE -> "RELEASE";
            case FSYNC -> "FSYNC";
            case SETXATTR -> "SETXATTR";
            case GETXATTR -> "GETXATTR";
            case LISTXATTR -> "LISTXATTR";
            case REMOVEXATTR -> "REMOVEXATTR";
            case FLUSH -> "FLUSH";
            case INIT -> "INIT";
            case OPENDIR -> "OPENDIR";
            case READDIR -> "READDIR";
            case RELEASEDIR -> "RELEASEDIR";
            case FSYNCDIR -> "FSYNCDIR";
            case ACCESS -> "ACCESS";
            case CREATE -> "CREATE";
            case INTERRUPT -> "INTERRUPT";
            case DESTROY -> "DESTROY";
            case BATCH_FORGET -> "BATCH_FORGET";
            case FALLOCATE -> "FALLOCATE";
            case READDIRPLUS -> "READDIRPLUS";
            case RENAME2 -> "RENAME2";
            case LSEEK -> "LSEEK";
            default -> "op" + op;
        };
    }
}
