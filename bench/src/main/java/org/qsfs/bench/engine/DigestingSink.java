package org.qsfs.bench.engine;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Swallows what it is given and keeps its SHA-256, so a retrieve can be checked without disk. */
final class DigestingSink extends OutputStream {
    private final MessageDigest sha;

    DigestingSink() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) {
        sha.update((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        sha.update(b, off, len);
    }

    String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
