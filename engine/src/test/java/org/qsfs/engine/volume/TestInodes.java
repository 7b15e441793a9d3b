package org.qsfs.engine.volume;

import org.qsfs.engine.fs.FileType;

/** Inode rows for tests of the volume's tables. */
final class TestInodes {
    private TestInodes() {
    }

    /** A regular file with one name, mode 0644, empty. */
    static Inode file(long ino) {
        Inode i = new Inode();
        i.ino = ino;
        i.type = FileType.REGULAR;
        i.perm = 0644;
        i.nlink = 1;
        return i;
    }
}
