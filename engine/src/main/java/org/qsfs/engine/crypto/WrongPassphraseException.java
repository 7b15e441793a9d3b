package org.qsfs.engine.crypto;

/** The key file is intact but the passphrase does not unlock it. */
public class WrongPassphraseException extends KeyFileException {
    public WrongPassphraseException(String keyFile) {
        super("wrong passphrase for key file " + keyFile
                + ": the file is intact but this passphrase does not unlock it; try again"
                + " (check the keyboard layout and Caps Lock), or restore the key from its recovery phrase");
    }
}
