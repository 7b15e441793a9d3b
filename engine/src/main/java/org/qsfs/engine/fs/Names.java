package org.qsfs.engine.fs;

/** Checks of file names and symlink targets. */
final class Names {
    static final int MAX_NAME = 255;
    static final int MAX_TARGET = 4095;

    private Names() {
    }

    /** A name to create or look up: 1..255 bytes, no '/' or NUL. */
    static void check(byte[] name) throws FsException {
        if (name == null || name.length == 0) {
            throw new FsException(Errno.ENOENT, "empty name");
        }
        if (name.length > MAX_NAME) {
            throw new FsException(Errno.ENAMETOOLONG, "a name is at most 255 bytes, got " + name.length);
        }
        for (byte b : name) {
            if (b == '/' || b == 0) {
                throw new FsException(Errno.EINVAL, "a name cannot contain '/' or NUL");
            }
        }
    }

    static boolean isDot(byte[] name) {
        return name.length == 1 && name[0] == '.';
    }

    static boolean isDotDot(byte[] name) {
        return name.length == 2 && name[0] == '.' && name[1] == '.';
    }

    /** A name that is about to be created: "." and ".." exist already. */
    static void checkNew(byte[] name) throws FsException {
        check(name);
        if (isDot(name) || isDotDot(name)) {
            throw new FsException(Errno.EEXIST, "'.' and '..' always exist");
        }
    }
}
