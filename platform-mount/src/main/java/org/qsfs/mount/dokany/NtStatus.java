package org.qsfs.mount.dokany;

import org.qsfs.engine.fs.Errno;

/** The NTSTATUS values the callbacks return, and the engine's errnos mapped onto them. */
final class NtStatus {
    static final int SUCCESS = 0;
    static final int BUFFER_OVERFLOW = 0x80000005;
    static final int DEVICE_BUSY = 0x80000011;
    static final int NOT_IMPLEMENTED = 0xC0000002;
    static final int INVALID_HANDLE = 0xC0000008;
    static final int INVALID_PARAMETER = 0xC000000D;
    static final int NO_SUCH_DEVICE = 0xC000000E;
    static final int ACCESS_DENIED = 0xC0000022;
    static final int OBJECT_NAME_INVALID = 0xC0000033;
    static final int OBJECT_NAME_NOT_FOUND = 0xC0000034;
    static final int OBJECT_NAME_COLLISION = 0xC0000035;
    static final int OBJECT_PATH_NOT_FOUND = 0xC000003A;
    static final int DISK_FULL = 0xC000007F;
    static final int MEDIA_WRITE_PROTECTED = 0xC00000A2;
    static final int FILE_IS_A_DIRECTORY = 0xC00000BA;
    static final int NOT_SUPPORTED = 0xC00000BB;
    static final int NOT_SAME_DEVICE = 0xC00000D4;
    static final int DIRECTORY_NOT_EMPTY = 0xC0000101;
    static final int NOT_A_DIRECTORY = 0xC0000103;
    static final int CANNOT_DELETE = 0xC0000121;
    static final int IO_DEVICE_ERROR = 0xC0000185;
    static final int NOT_FOUND = 0xC0000225;
    static final int TOO_MANY_LINKS = 0xC0000265;
    static final int FILE_TOO_LARGE = 0xC0000904;

    private NtStatus() {
    }

    static int of(Errno e) {
        return switch (e) {
            case ENOENT -> OBJECT_NAME_NOT_FOUND;
            case EEXIST -> OBJECT_NAME_COLLISION;
            case EACCES, EPERM -> ACCESS_DENIED;
            case ENOTEMPTY -> DIRECTORY_NOT_EMPTY;
            case ENOTDIR -> NOT_A_DIRECTORY;
            case EISDIR -> FILE_IS_A_DIRECTORY;
            case EINVAL -> INVALID_PARAMETER;
            case ENOSPC -> DISK_FULL;
            case EROFS -> MEDIA_WRITE_PROTECTED;
            case ENAMETOOLONG, ELOOP -> OBJECT_NAME_INVALID;
            case EBUSY, EAGAIN -> DEVICE_BUSY;
            case EXDEV -> NOT_SAME_DEVICE;
            case EFBIG -> FILE_TOO_LARGE;
            case ENOTSUP -> NOT_SUPPORTED;
            case ENOSYS -> NOT_IMPLEMENTED;
            case EBADF -> INVALID_HANDLE;
            case EMLINK -> TOO_MANY_LINKS;
            case ERANGE -> BUFFER_OVERFLOW;
            case ENODATA -> NOT_FOUND;
            case ENXIO -> NO_SUCH_DEVICE;
            case EIO -> IO_DEVICE_ERROR;
        };
    }
}
