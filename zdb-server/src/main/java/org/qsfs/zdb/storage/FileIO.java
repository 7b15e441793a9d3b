package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Positional read/write helpers: no shared file position, so nothing can leave a channel mis-seeked. */
final class FileIO {
    private FileIO() {
    }

    /** Reads up to n bytes at pos; the result is shorter than n at end of file. */
    static byte[] readAt(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) break;
        }
        if (buf.position() == n) return buf.array();
        byte[] out = new byte[buf.position()];
        System.arraycopy(buf.array(), 0, out, 0, out.length);
        return out;
    }

    /** Fills the remaining bytes of {@code into} from pos; false when the file is shorter. */
    static boolean readFully(FileChannel ch, long pos, ByteBuffer into) throws IOException {
        long p = pos;
        while (into.hasRemaining()) {
            int r = ch.read(into, p);
            if (r < 0) return false;
            p += r;
        }
        return true;
    }

    /** Reads exactly n bytes at pos, or returns null when the file is shorter. */
    static byte[] readExact(FileChannel ch, long pos, int n) throws IOException {
        if (pos < 0 || n < 0) return null;
        byte[] b = readAt(ch, pos, n);
        return b.length == n ? b : null;
    }

    /** Below this, a header and its payload are joined into one buffer: one pwrite instead of two. */
    private static final int JOIN_LIMIT = 64 * 1024;

    /** Direct buffers larger than this are written through {@link #STAGING}, this much at a time. */
    private static final int STAGE = 128 * 1024;
    private static final int PAGE = 4096;
    /** Per writing thread (a server's event loop), page-aligned. */
    private static final ThreadLocal<ByteBuffer> STAGING =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(STAGE + PAGE).alignedSlice(PAGE));

    /**
     * Writes a large direct buffer (a SET value in its pooled buffer) a chunk at a time through
     * a small staging buffer: the kernel then copies into the page cache from memory written an
     * instant before. Straight from the value, which arrived over many socket reads, that copy
     * cost the servers 1.0 to 2.7 CPU s per GiB stored from one bench run to the next (1.6-2.5 in three runs
     * in a row); staged, 1.24-1.35, copy included.
     */
    private static long writeStaged(FileChannel ch, long pos, ByteBuffer src) throws IOException {
        ByteBuffer stage = STAGING.get();
        long p = pos;
        while (src.hasRemaining()) {
            int n = Math.min(STAGE, src.remaining());
            stage.clear();
            stage.put(0, src, src.position(), n).limit(n);
            src.position(src.position() + n);
            while (stage.hasRemaining()) p += ch.write(stage, p);
        }
        return p;
    }

    static void writeAt(FileChannel ch, long pos, ByteBuffer... bufs) throws IOException {
        long total = 0;
        for (ByteBuffer b : bufs) total += b.remaining();
        if (bufs.length > 1 && total <= JOIN_LIMIT) {
            ByteBuffer joined = ByteBuffer.allocate((int) total);
            for (ByteBuffer b : bufs) joined.put(b);
            bufs = new ByteBuffer[] {joined.flip()};
        }
        long p = pos;
        for (ByteBuffer b : bufs) {
            if (b.isDirect() && b.remaining() > STAGE) {
                p = writeStaged(ch, p, b);
            }
            while (b.hasRemaining()) p += ch.write(b, p);
        }
    }

    static FileChannel openReadWrite(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    static FileChannel openRead(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.READ);
    }

    static void truncate(Path p, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }

    static long sizeOrMinus(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** fsync of an active data or index file, best effort (shutdown, fatal signal). */
    static void forceQuietly(FileChannel ch, Path file, org.slf4j.Logger log) {
        try {
            if (ch != null && ch.isOpen()) ch.force(false);
        } catch (IOException e) {
            log.warn("emergency sync of {} failed: {}", file, e.toString());
        }
    }

    /** Deletes the files of {@code dir} named {@code prefix} and a number (d0, d1... or i0, i1...). */
    static void deleteNumbered(Path dir, char prefix) throws IOException {
        if (!Files.isDirectory(dir)) return;
        String pattern = prefix + "[0-9]+";
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().matches(pattern)) Files.deleteIfExists(p);
            }
        }
    }

    static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing after an I/O error: nothing more to do
        }
    }
}
