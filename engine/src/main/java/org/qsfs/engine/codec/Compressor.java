package org.qsfs.engine.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * zstd compression that is skipped when it does not help: {@link #compress} reports
 * {@link #NOT_COMPRESSED} when the output would not be shorter than the input, and the
 * caller then stores the block as is (and says so with a flag).
 *
 * <p>Keeps its zstd contexts between calls (no per-block native allocation). Not
 * thread-safe; close it to free native memory.
 */
public final class Compressor implements AutoCloseable {
    public static final int NOT_COMPRESSED = -1;
    public static final int DEFAULT_LEVEL = 3;
    /** Inputs at least this long are probed before they are compressed whole. */
    static final int PROBE_FROM = 256 * 1024;
    /** Bytes per probe, and how many probes spread over the input. */
    static final int PROBE_BYTES = 16 * 1024;
    static final int PROBES = 4;

    private final ZstdCompressCtx compressCtx = new ZstdCompressCtx();
    private final ZstdDecompressCtx decompressCtx = new ZstdDecompressCtx();
    private final byte[] probeOut = new byte[maxCompressedLength(PROBE_BYTES)];

    public Compressor() {
        this(DEFAULT_LEVEL);
    }

    public Compressor(int level) {
        compressCtx.setLevel(level);
        // The block length is kept inside the encrypted block, and integrity is GCM's job.
        compressCtx.setContentSize(false);
        compressCtx.setChecksum(false);
    }

    /** Space {@link #compress} may need in {@code dst} for {@code len} input bytes. */
    public static int maxCompressedLength(int len) {
        return (int) Zstd.compressBound(len);
    }

    /**
     * Compresses {@code src[off, off+len)} into {@code dst} at {@code dstOff}, which must
     * have room for {@link #maxCompressedLength(int)} bytes.
     *
     * @return the compressed length, or {@link #NOT_COMPRESSED} when that would not be
     *     shorter than {@code len} (the content of {@code dst} is then unspecified)
     */
    public int compress(byte[] src, int off, int len, byte[] dst, int dstOff) {
        if (len == 0) {
            return NOT_COMPRESSED;
        }
        if (len >= PROBE_FROM && !probesShrink(src, off, len)) {
            return NOT_COMPRESSED;
        }
        int n = compressCtx.compressByteArray(dst, dstOff, dst.length - dstOff, src, off, len);
        return n < len ? n : NOT_COMPRESSED;
    }

    /**
     * Whether a few slices spread over the input compress at all. Encrypted, already compressed
     * or media content does not, and compressing 4 MiB of it whole only to throw the result
     * away cost about a third of the codec's CPU on such data; the probes cost 1/16 of that.
     * Content that compresses only outside every probe is then stored uncompressed: correct,
     * merely larger.
     */
    private boolean probesShrink(byte[] src, int off, int len) {
        long in = 0;
        long out = 0;
        for (int p = 0; p < PROBES; p++) {
            int at = off + (int) ((long) (len - PROBE_BYTES) * p / (PROBES - 1));
            out += compressCtx.compressByteArray(probeOut, 0, probeOut.length, src, at, PROBE_BYTES);
            in += PROBE_BYTES;
        }
        return out < in - in / 32; // at least ~3% smaller
    }

    /**
     * Decompresses exactly {@code originalLength} bytes into {@code dst} at {@code dstOff}.
     *
     * @throws BlockFormatException when the frame is malformed or has another length
     */
    public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int originalLength)
            throws BlockFormatException {
        int n;
        try {
            n = decompressCtx.decompressByteArray(dst, dstOff, originalLength, src, off, len);
        } catch (ZstdException e) {
            throw new BlockFormatException("the block's zstd data does not decompress: " + e.getMessage(), e);
        }
        if (n != originalLength) {
            throw new BlockFormatException("the block's zstd data gives " + n + " bytes, its header says "
                    + originalLength);
        }
    }

    @Override
    public void close() {
        compressCtx.close();
        decompressCtx.close();
    }
}
