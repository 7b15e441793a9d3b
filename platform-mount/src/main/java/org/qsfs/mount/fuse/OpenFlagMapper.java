package org.qsfs.mount.fuse;

import org.qsfs.engine.fs.OpenFlags;

/** {@code open(2)} flags of this OS in the Linux values {@link OpenFlags} uses. */
final class OpenFlagMapper {
    private final boolean mac;

    OpenFlagMapper(boolean mac) {
        this.mac = mac;
    }

    int toLinux(int f) {
        if (!mac) {
            return f;
        }
        int out = f & OpenFlags.O_ACCMODE;
        if ((f & 0x0008) != 0) {
            out |= OpenFlags.O_APPEND;
        }
        if ((f & 0x0200) != 0) {
            out |= OpenFlags.O_CREAT;
        }
        if ((f & 0x0400) != 0) {
            out |= OpenFlags.O_TRUNC;
        }
        if ((f & 0x0800) != 0) {
            out |= OpenFlags.O_EXCL;
        }
        if ((f & 0x100000) != 0) {
            out |= OpenFlags.O_DIRECTORY;
        }
        if ((f & 0x0100) != 0) {
            out |= OpenFlags.O_NOFOLLOW;
        }
        return out;
    }
}
