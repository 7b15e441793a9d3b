package org.qsfs.engine.crypto;

/** The key file is damaged, truncated or not a QSFS key file at all. */
public class CorruptKeyFileException extends KeyFileException {
    public CorruptKeyFileException(String keyFile, String problem) {
        super("key file " + keyFile + " is unusable: " + problem
                + "; restore it from a backup or export, or from the recovery phrase"
                + " (the volume's data is not affected)");
    }
}
