package org.qsfs.engine.crypto;

import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/** A 256-bit key derived from the master key for one {@link KeyPurpose}. */
public final class SubKey {
    private final KeyPurpose purpose;
    private final byte[] key;

    SubKey(KeyPurpose purpose, byte[] key) {
        this.purpose = purpose;
        this.key = key;
    }

    public KeyPurpose purpose() {
        return purpose;
    }

    /** The key for a JCE algorithm, e.g. "AES" or "HmacSHA256". */
    public SecretKeySpec secretKey(String algorithm) {
        return new SecretKeySpec(key, algorithm);
    }

    /** Zeroes this key's bytes (key specs already handed out keep their own copy). */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "SubKey[" + purpose + "]";
    }
}
