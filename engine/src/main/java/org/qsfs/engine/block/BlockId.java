package org.qsfs.engine.block;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identity of a block: opaque bytes (1..255), random for data blocks so that it
 * says nothing about the content. It is authenticated with the block's ciphertext and
 * it seeds the block's placement.
 */
public final class BlockId {
    public static final int RANDOM_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;
    private final long hash64;

    private BlockId(byte[] bytes) {
        this.bytes = bytes;
        this.hash64 = mixBytes(bytes);
    }

    public static BlockId random() {
        byte[] b = new byte[RANDOM_LENGTH];
        RANDOM.nextBytes(b);
        return new BlockId(b);
    }

    public static BlockId of(byte[] bytes) {
        if (bytes.length < 1 || bytes.length > 255) {
            throw new IllegalArgumentException("a block id is 1 to 255 bytes, got " + bytes.length);
        }
        return new BlockId(bytes.clone());
    }

    public static BlockId fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public int length() {
        return bytes.length;
    }

    /** Copies the id into {@code dst} at {@code off}. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, bytes.length);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** A well-mixed 64-bit hash of the id (not cryptographic), for placement. */
    public long hash64() {
        return hash64;
    }

    private static long mixBytes(byte[] b) {
        long h = 0x9E3779B97F4A7C15L ^ b.length;
        for (byte x : b) {
            h = mix(h ^ (x & 0xFF)) ;
        }
        return mix(h);
    }

    /** The splitmix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return (int) hash64;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
