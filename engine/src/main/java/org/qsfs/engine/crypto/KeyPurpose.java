package org.qsfs.engine.crypto;

import java.nio.charset.StandardCharsets;

/**
 * What a derived key is for. The info strings are part of the format (docs/FORMATS.md,
 * "Subkeys"): changing one changes every key derived for that purpose.
 */
public enum KeyPurpose {
    /** AES-256-GCM of data blocks. */
    DATA("qsfs/v1/key/data"),
    /** AES-256-GCM of metadata records. */
    METADATA("qsfs/v1/key/metadata"),
    /** Keyed hashing or encryption of file and object names. */
    NAMES("qsfs/v1/key/names"),
    /** Keyed derivation of the keys that shards are stored under in backends. */
    SHARD_ID("qsfs/v1/key/shard-id"),
    /** A public fingerprint that tells keys apart without revealing them. */
    KEY_ID("qsfs/v1/key/key-id");

    private final String info;

    KeyPurpose(String info) {
        this.info = info;
    }

    /** The HKDF info string of this purpose. */
    public String info() {
        return info;
    }

    byte[] infoBytes() {
        return info.getBytes(StandardCharsets.US_ASCII);
    }
}
