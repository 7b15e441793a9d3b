package org.qsfs.engine.fs;

/**
 * The errors the filesystem API reports, with their Linux numbers. A mount adapter on
 * another OS maps them with {@link #code()} replaced by its own table (macOS: ENODATA is
 * ENOATTR 93, ENOTSUP 45, ELOOP 62, ENAMETOOLONG 63, ENOTEMPTY 66).
 */
public enum Errno {
    EPERM(1, "operation not permitted"),
    ENOENT(2, "no such file or directory"),
    EIO(5, "input/output error"),
    ENXIO(6, "no such device or address"),
    EBADF(9, "bad file descriptor"),
    EAGAIN(11, "resource temporarily unavailable"),
    EACCES(13, "permission denied"),
    EBUSY(16, "device or resource busy"),
    EEXIST(17, "file exists"),
    EXDEV(18, "invalid cross-device link"),
    ENOTDIR(20, "not a directory"),
    EISDIR(21, "is a directory"),
    EINVAL(22, "invalid argument"),
    EFBIG(27, "file too large"),
    ENOSPC(28, "no space left on device"),
    EROFS(30, "read-only file system"),
    EMLINK(31, "too many links"),
    ERANGE(34, "numerical result out of range"),
    ENAMETOOLONG(36, "file name too long"),
    ENOSYS(38, "function not implemented"),
    ENOTEMPTY(39, "directory not empty"),
    ELOOP(40, "too many levels of symbolic links"),
    /** No such extended attribute (ENOATTR on macOS and the BSDs). */
    ENODATA(61, "no data available"),
    ENOTSUP(95, "operation not supported");

    /** The BSD name of {@link #ENODATA}. */
    public static final Errno ENOATTR = ENODATA;

    private final int code;
    private final String text;

    Errno(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The Linux errno value (positive); FUSE adapters return its negation. */
    public int code() {
        return code;
    }

    public String text() {
        return text;
    }
}
