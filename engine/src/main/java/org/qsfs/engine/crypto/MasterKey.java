package org.qsfs.engine.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The volume's 256-bit master key. Every other key is derived from it with
 * {@link KeyDerivation}; it is never used to encrypt data directly.
 *
 * <p>Holds its bytes privately; {@link #destroy()} zeroes them when the key is no
 * longer needed. {@link #toString()} never shows key material.
 */
public final class MasterKey implements AutoCloseable {
    public static final int LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private volatile boolean destroyed;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    /** A new random key from the platform's strong random source. */
    public static MasterKey generate() {
        byte[] k = new byte[LENGTH];
        RANDOM.nextBytes(k);
        return new MasterKey(k);
    }

    /** Wraps a copy of {@code bytes}, which must be exactly 32 bytes. */
    public static MasterKey fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a master key is exactly " + LENGTH + " bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        return new MasterKey(bytes.clone());
    }

    /** A copy of the key bytes; the caller should zero it after use. */
    byte[] copyBytes() {
        checkAlive();
        return key.clone();
    }

    /** Zeroes the key; any later use throws {@link IllegalStateException}. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    /** Constant-time comparison of key material. */
    public boolean sameKeyAs(MasterKey other) {
        checkAlive();
        other.checkAlive();
        return java.security.MessageDigest.isEqual(key, other.key);
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("this master key was destroyed; load it again from the key file");
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + (destroyed ? "destroyed" : "256-bit") + "]";
    }
}
