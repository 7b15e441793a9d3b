package org.qsfs.zdb.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The checksum of libzdb/crc32.c: CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) with an
 * initial register of 0 and no final inversion. The SSE4.2/ARMv8 and table versions of upstream
 * all compute this same value. It is NOT the standard CRC-32C (which starts at ~0 and inverts),
 * so {@code java.util.zip.CRC32C} is used for speed and its result corrected:
 * raw0(d) = ~std(d) xor shift_n(0xFFFFFFFF), where shift_n advances the register over n zero bytes.
 */
public final class Crc32 {
    private static final int POLY = 0x82F63B78;
    private static final int[] TABLE = new int[256];
    // x^(2^k) mod P, as in zlib's crc32_combine machinery
    private static final int[] X2N = new int[32];
    // below this length the plain table loop is cheaper than the intrinsic plus correction
    private static final int SMALL = 64;

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            TABLE[n] = c;
        }
        int p = 1 << 30; // x^1
        X2N[0] = p;
        for (int n = 1; n < 32; n++) X2N[n] = p = multModP(p, p);
    }

    private Crc32() {
    }

    public static long compute(byte[] b) {
        return compute(b, 0, b.length);
    }

    /** zdb_crc32(bytes, length) as an unsigned 32-bit value. */
    public static long compute(byte[] b, int off, int len) {
        if (len < SMALL) return software(b, off, len);
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return fromStandard(c, len);
    }

    /** zdb_crc32 of the bytes between {@code b}'s position and limit; {@code b} is not moved. */
    public static long compute(ByteBuffer b) {
        int len = b.remaining();
        if (b.hasArray()) return compute(b.array(), b.arrayOffset() + b.position(), len);
        if (len < SMALL) {
            byte[] small = new byte[len];
            b.get(b.position(), small);
            return software(small, 0, len);
        }
        CRC32C c = new CRC32C();
        c.update(b.duplicate());
        return fromStandard(c, len);
    }

    /** zdb's value from the standard CRC-32C of the same {@code len} bytes (see the class comment). */
    private static long fromStandard(CRC32C standard, int len) {
        int std = (int) standard.getValue();
        int shifted = multModP(x2nModP(len, 3), 0xFFFFFFFF);
        return Integer.toUnsignedLong(~std ^ shifted);
    }

    /** The table loop of crc32c_software(), kept as the reference the fast path is tested against. */
    public static long software(byte[] b, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) crc = TABLE[(crc ^ b[i]) & 0xFF] ^ (crc >>> 8);
        return Integer.toUnsignedLong(crc);
    }

    private static int multModP(int a, int b) {
        int m = 1 << 31;
        int p = 0;
        for (;;) {
            if ((a & m) != 0) {
                p ^= b;
                if ((a & (m - 1)) == 0) break;
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return p;
    }

    // x^(n * 2^k) mod P
    private static int x2nModP(long n, int k) {
        int p = 1 << 31; // x^0
        while (n != 0) {
            if ((n & 1) != 0) p = multModP(X2N[k & 31], p);
            n >>>= 1;
            k++;
        }
        return p;
    }
}
