package org.qsfs.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {
    private static final byte[] MASTER = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            MASTER[i] = (byte) i;
        }
    }

    @Test
    void matchesAnIndependentHkdfSha256() throws Exception {
        // RFC 5869 written out with the JDK's HMAC, to check how Bouncy Castle is driven.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256")); // no salt = HashLen zeros
        byte[] prk = mac.doFinal(MASTER);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update("qsfs/v1/key/data".getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 1);
        byte[] expected = mac.doFinal();

        SubKey data = KeyDerivation.derive(MasterKey.fromBytes(MASTER), KeyPurpose.DATA);
        assertArrayEquals(expected, data.secretKey("AES").getEncoded());
    }

    @Test
    void everyPurposeGetsItsOwnKey() {
        MasterKey master = MasterKey.fromBytes(MASTER);
        Set<String> keys = new HashSet<>();
        for (KeyPurpose p : KeyPurpose.values()) {
            keys.add(java.util.HexFormat.of().formatHex(KeyDerivation.derive(master, p).secretKey("AES").getEncoded()));
        }
        assertEquals(KeyPurpose.values().length, keys.size());
    }

    @Test
    void derivationIsDeterministicAndDependsOnTheMasterKey() {
        MasterKey a = MasterKey.fromBytes(MASTER);
        MasterKey b = MasterKey.generate();
        assertArrayEquals(KeyDerivation.derive(a, KeyPurpose.NAMES).secretKey("x").getEncoded(),
                KeyDerivation.derive(MasterKey.fromBytes(MASTER), KeyPurpose.NAMES).secretKey("x").getEncoded());
        assertFalse(java.util.Arrays.equals(KeyDerivation.derive(a, KeyPurpose.NAMES).secretKey("x").getEncoded(),
                KeyDerivation.derive(b, KeyPurpose.NAMES).secretKey("x").getEncoded()));
    }

    @Test
    void fingerprintIsShortStableAndDistinct() {
        String f = KeyDerivation.fingerprint(MasterKey.fromBytes(MASTER));
        assertTrue(f.matches("[0-9a-f]{16}"), f);
        assertEquals(f, KeyDerivation.fingerprint(MasterKey.fromBytes(MASTER)));
        assertNotEquals(f, KeyDerivation.fingerprint(MasterKey.generate()));
    }

    @Test
    void destroyedMasterKeyCannotBeUsed() {
        MasterKey k = MasterKey.generate();
        k.destroy();
        assertThrows(IllegalStateException.class, () -> KeyDerivation.derive(k, KeyPurpose.DATA));
        assertEquals("MasterKey[destroyed]", k.toString());
    }

    @Test
    void masterKeyRejectsWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> MasterKey.fromBytes(new byte[31]));
    }
}
