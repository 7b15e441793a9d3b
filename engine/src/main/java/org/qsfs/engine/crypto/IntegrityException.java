package org.qsfs.engine.crypto;

/**
 * Authenticated decryption failed: the GCM tag does not match. The data was
 * encrypted under another key or identity, or it was altered. Never return such
 * data; read the block from other shards, or check that the right key is loaded.
 */
public class IntegrityException extends Exception {
    public IntegrityException(String message) {
        super(message);
    }

    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
