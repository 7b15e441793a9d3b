package org.qsfs.mount.fuse;

import org.qsfs.engine.fs.Errno;

/** The engine's {@link Errno}s as the negative numbers a FUSE callback returns, per OS. */
public final class FuseErrnos {
    private final boolean mac;

    public FuseErrnos(boolean mac) {
        this.mac = mac;
    }

    /** The negated errno for this OS. */
    public int of(Errno e) {
        return -code(e);
    }

    public int code(Errno e) {
        if (!mac) {
            return e.code();
        }
        return switch (e) {
            case EAGAIN -> 35;
            case ENOSYS -> 78;
            case ENOTEMPTY -> 66;
            case ELOOP -> 62;
            case ENAMETOOLONG -> 63;
            case ENODATA -> 93; // ENOATTR
            case ENOTSUP -> 45;
            default -> e.code(); // 1..34 are the same numbers on macOS
        };
    }
}
