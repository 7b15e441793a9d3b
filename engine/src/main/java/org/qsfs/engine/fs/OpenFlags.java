package org.qsfs.engine.fs;

/** The {@code open(2)} flags the API looks at (Linux values; adapters translate others). */
public final class OpenFlags {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_ACCMODE = 3;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;

    /** {@code setxattr} flags. */
    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;

    /** {@code renameat2} flags. */
    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;

    /** {@code fallocate} modes. */
    public static final int FALLOC_FL_KEEP_SIZE = 1;
    public static final int FALLOC_FL_PUNCH_HOLE = 2;

    /** {@code access} masks. */
    public static final int F_OK = 0;
    public static final int X_OK = 1;
    public static final int W_OK = 2;
    public static final int R_OK = 4;

    private OpenFlags() {
    }

    public static boolean readable(int flags) {
        int a = flags & O_ACCMODE;
        return a == O_RDONLY || a == O_RDWR;
    }

    public static boolean writable(int flags) {
        int a = flags & O_ACCMODE;
        return a == O_WRONLY || a == O_RDWR;
    }
}
