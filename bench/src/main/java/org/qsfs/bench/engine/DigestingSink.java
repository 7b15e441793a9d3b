package org.qsfs.bench.engine;

import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Swallows what it is given and keeps its CRC32C, so a retrieve can be checked without disk.
 * Not SHA-256: hashing the output on the retrieving thread cost ~0.5 CPU s per GiB, CPU the
 * measured retrieve then lacked, while CRC32C (a CPU instruction) costs a tenth of that. The
 * check stays end to end: the bench compares this CRC32C with its own of the input, and the
 * SHA-256 the manifest recorded at store time with its own of the input.
 */
final class DigestingSink extends OutputStream {
    private final CRC32C crc = new CRC32C();

    @Override
    public void write(int b) {
        crc.update(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        crc.update(b, off, len);
    }

    long crc32c() {
        return crc.getValue();
    }
}
