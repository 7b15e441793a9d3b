package org.qsfs.engine.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Derives one independent key per {@link KeyPurpose} from the master key with
 * HKDF-SHA256 (RFC 5869). No salt: the master key is already uniformly random, so
 * the extract step needs none. Keys for different purposes are independent, so
 * a leak of, say, the names key says nothing about the data key.
 */
public final class KeyDerivation {
    public static final int KEY_LENGTH = 32;
    private static final int FINGERPRINT_LENGTH = 8;

    private KeyDerivation() {
    }

    public static SubKey derive(MasterKey master, KeyPurpose purpose) {
        return new SubKey(purpose, hkdf(master, purpose, KEY_LENGTH));
    }

    /**
     * A short public identifier of the master key (16 hex digits), shown to users so
     * they can tell which key a device or a key file holds. It reveals nothing usable
     * about the key: it is an HKDF output under its own purpose.
     */
    public static String fingerprint(MasterKey master) {
        return HexFormat.of().formatHex(hkdf(master, KeyPurpose.KEY_ID, FINGERPRINT_LENGTH));
    }

    private static byte[] hkdf(MasterKey master, KeyPurpose purpose, int length) {
        byte[] ikm = master.copyBytes();
        try {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(ikm, null, purpose.infoBytes()));
            byte[] out = new byte[length];
            hkdf.generateBytes(out, 0, length);
            return out;
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }
}
