package org.qsfs.mount.dokany;

import com.sun.jna.Pointer;
import org.qsfs.engine.fs.Attr;

/**
 * Writes the engine's {@link Attr} as Windows sees a file: attributes, FILETIMEs,
 * BY_HANDLE_FILE_INFORMATION (52 bytes) and WIN32_FIND_DATAW (592 bytes).
 */
final class WinFileInfo {
    static final int FILE_ATTRIBUTE_READONLY = 0x1;
    static final int FILE_ATTRIBUTE_HIDDEN = 0x2;
    static final int FILE_ATTRIBUTE_DIRECTORY = 0x10;
    static final int FILE_ATTRIBUTE_ARCHIVE = 0x20;
    static final int FILE_ATTRIBUTE_NORMAL = 0x80;

    static final int BY_HANDLE_SIZE = 52;
    static final int FIND_DATA_SIZE = 592;
    static final int FIND_DATA_NAME_OFFSET = 44;
    static final int MAX_PATH = 260;

    /** 100 ns intervals between 1601-01-01 and 1970-01-01. */
    private static final long EPOCH_DIFF = 116_444_736_000_000_000L;

    private WinFileInfo() {
    }

    static long toFileTime(long unixNanos) {
        return Math.floorDiv(unixNanos, 100) + EPOCH_DIFF;
    }

    static long toUnixNanos(long fileTime) {
        return (fileTime - EPOCH_DIFF) * 100;
    }

    static int attributes(Attr a, String name) {
        int at = 0;
        if (a.isDirectory()) {
            at |= FILE_ATTRIBUTE_DIRECTORY;
        }
        if ((a.perm() & 0200) == 0 && !a.isDirectory()) {
            at |= FILE_ATTRIBUTE_READONLY;
        }
        if (name != null && name.startsWith(".") && !name.equals(".") && !name.equals("..")) {
            at |= FILE_ATTRIBUTE_HIDDEN;
        }
        if (at == 0) {
            at = a.isRegular() ? FILE_ATTRIBUTE_ARCHIVE : FILE_ATTRIBUTE_NORMAL;
        }
        return at;
    }

    static void byHandle(Pointer p, Attr a, String name, int volumeSerial) {
        p.setInt(0, attributes(a, name));
        p.setLong(4, toFileTime(a.btimeNs() != 0 ? a.btimeNs() : a.ctimeNs()));
        p.setLong(12, toFileTime(a.atimeNs()));
        p.setLong(20, toFileTime(a.mtimeNs()));
        p.setInt(28, volumeSerial);
        long size = a.isDirectory() ? 0 : a.size();
        p.setInt(32, (int) (size >>> 32));
        p.setInt(36, (int) size);
        p.setInt(40, a.nlink());
        p.setInt(44, (int) (a.ino() >>> 32));
        p.setInt(48, (int) a.ino());
    }

    static void findData(Pointer p, Attr a, String name) {
        p.clear(FIND_DATA_SIZE);
        p.setInt(0, attributes(a, name));
        p.setLong(4, toFileTime(a.btimeNs() != 0 ? a.btimeNs() : a.ctimeNs()));
        p.setLong(12, toFileTime(a.atimeNs()));
        p.setLong(20, toFileTime(a.mtimeNs()));
        long size = a.isDirectory() ? 0 : a.size();
        p.setInt(28, (int) (size >>> 32));
        p.setInt(32, (int) size);
        Utf16.write(p, FIND_DATA_NAME_OFFSET, name, MAX_PATH);
    }
}
