package org.qsfs.engine.crypto;

/** A recovery phrase was mistyped, incomplete or is not a QSFS recovery phrase. */
public class InvalidRecoveryPhraseException extends Exception {
    public InvalidRecoveryPhraseException(String message) {
        super(message);
    }
}
