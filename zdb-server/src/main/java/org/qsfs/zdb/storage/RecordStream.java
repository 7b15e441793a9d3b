package org.qsfs.zdb.storage;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sequential reader over a file with a position, for the loader and the tail repair. */
final class RecordStream implements Closeable {
    private final InputStream in;
    private long position;

    RecordStream(Path p, long start) throws IOException {
        this.in = new BufferedInputStream(Files.newInputStream(p), 1 << 20);
        in.skipNBytes(start);
        this.position = start;
    }

    long position() {
        return position;
    }

    /** Exactly n bytes, or null at end of file (then the stream is exhausted). */
    byte[] read(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        position += b.length;
        return b.length == n ? b : null;
    }

    void skip(long n) throws IOException {
        in.skipNBytes(n);
        position += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
