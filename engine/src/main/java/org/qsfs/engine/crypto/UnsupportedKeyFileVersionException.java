package org.qsfs.engine.crypto;

/** The key file was written by a newer QSFS with a format this version cannot read. */
public class UnsupportedKeyFileVersionException extends KeyFileException {
    public UnsupportedKeyFileVersionException(String keyFile, int version, int supported) {
        super("key file " + keyFile + " has format version " + version + " but this QSFS reads only version "
                + supported + "; upgrade QSFS to open it");
    }
}
