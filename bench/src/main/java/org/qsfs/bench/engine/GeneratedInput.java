package org.qsfs.bench.engine;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * A deterministic stream of {@code size} bytes made on the fly, so a 1 GiB input costs no
 * memory: random bytes (incompressible) or text-like lines (compressible, like documents).
 */
final class GeneratedInput extends InputStream {
    private static final String[] WORDS = {
        "storage", "quantum", "safe", "block", "shard", "backend", "the", "of", "and", "a", "to",
        "dispersed", "encrypted", "filesystem", "volume", "replica", "parity", "site", "data", "is"};

    /**
     * Content is copied a page at a time from a pool made once, so producing it costs almost
     * nothing next to what is measured (generating bytes on the fly took a third of the CPU),
     * and it does not depend on how callers chunk their reads. Pages are taken from shifting
     * places in the pool, so two blocks are never the same.
     */
    private static final int PAGE = 64 * 1024;
    private static final int POOL = 8 * 1024 * 1024;

    private final long size;
    private final byte[] pool;
    private int pageFrom; // where the current page starts in the pool: read from there, no copy
    private int pageLen;
    private int pagePos;
    private long pageIndex;
    private long produced;

    GeneratedInput(long size, boolean text, long seed) {
        this.size = size;
        this.pool = makePool(text, seed);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (produced >= size) {
            return -1;
        }
        if (pagePos == pageLen) {
            pageFrom = (int) ((pageIndex++ * 40_503L * 97) % (POOL - PAGE));
            pageLen = PAGE;
            pagePos = 0;
        }
        int n = (int) Math.min(Math.min(len, pageLen - pagePos), size - produced);
        System.arraycopy(pool, pageFrom + pagePos, b, off, n);
        pagePos += n;
        produced += n;
        return n;
    }

    private static byte[] makePool(boolean text, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pool = new byte[POOL];
        if (text) {
            int i = 0;
            while (i < POOL) {
                String w = WORDS[random.nextInt(WORDS.length)];
                for (int k = 0; k < w.length() && i < POOL; k++) {
                    pool[i++] = (byte) w.charAt(k);
                }
                if (i < POOL) {
                    pool[i++] = (byte) (random.nextInt(12) == 0 ? '\n' : ' ');
                }
            }
        } else {
            for (int i = 0; i < POOL; i += 8) {
                long v = random.nextLong();
                for (int k = 0; k < 8; k++) {
                    pool[i + k] = (byte) (v >>> (8 * k));
                }
            }
        }
        return pool;
    }

    /** One buffer of this kind of content, for the in-memory stage measurements. */
    static byte[] sample(int size, boolean text, long seed) {
        byte[] b = new byte[size];
        GeneratedInput in = new GeneratedInput(size, text, seed);
        for (int done = 0; done < size; ) {
            done += in.read(b, done, size - done);
        }
        return b;
    }
}
