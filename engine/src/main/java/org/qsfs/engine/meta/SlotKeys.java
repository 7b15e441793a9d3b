package org.qsfs.engine.meta;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.qsfs.engine.crypto.KeyPurpose;
import org.qsfs.engine.crypto.SubKey;

/**
 * The two backend keys of a record name: HMAC-SHA256(NAMES subkey, "qsfs/v1/record" || slot
 * || name). No plaintext name reaches a backend, and the two slots are unlinkable to it.
 */
final class SlotKeys {
    private static final byte[] DOMAIN = "qsfs/v1/record".getBytes(StandardCharsets.US_ASCII);

    private final ThreadLocal<Mac> macs;

    SlotKeys(SubKey namesKey) {
        if (namesKey.purpose() != KeyPurpose.NAMES) {
            throw new IllegalArgumentException("record keys need the NAMES subkey, not " + namesKey.purpose());
        }
        SecretKeySpec key = namesKey.secretKey("HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this Java runtime lacks HmacSHA256", e);
            }
        });
    }

    byte[] key(String name, int slot) {
        Mac mac = macs.get();
        mac.update(DOMAIN);
        mac.update((byte) slot);
        mac.update(name.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal();
    }

    /** Whether {@code key} is one of {@code name}'s slot keys (guards against swapped records). */
    boolean matches(String name, byte[] key) {
        return MessageDigest.isEqual(key(name, 0), key) || MessageDigest.isEqual(key(name, 1), key);
    }
}
