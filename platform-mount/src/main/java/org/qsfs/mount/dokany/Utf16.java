package org.qsfs.mount.dokany;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/** NUL-terminated UTF-16LE strings (Windows' WCHAR*) in native memory, independent of this platform's wchar_t. */
final class Utf16 {
    private Utf16() {
    }

    static String read(Pointer p) {
        if (p == null) {
            return null;
        }
        int n = 0;
        while (p.getShort(2L * n) != 0) {
            n++;
        }
        return new String(p.getByteArray(0, 2 * n), StandardCharsets.UTF_16LE);
    }

    /** Writes {@code s} and a NUL into {@code p}, cut to {@code maxChars} UTF-16 units including the NUL. */
    static void write(Pointer p, long offset, String s, int maxChars) {
        if (p == null || maxChars <= 0) {
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_16LE);
        int chars = Math.min(b.length / 2, maxChars - 1);
        p.write(offset, b, 0, chars * 2);
        p.setShort(offset + 2L * chars, (short) 0);
    }
}
