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

    /** Content is made a page at a time, so it does not depend on how callers chunk reads. */
    private static final int PAGE = 64 * 1024;

    private final long size;
    private final boolean text;
    private final SplittableRandom random;
    private final byte[] page = new byte[PAGE];
    private int pageLen;
    private int pagePos;
    private long produced;

    GeneratedInput(long size, boolean text, long seed) {
        this.size = size;
        this.text = text;
        this.random = new SplittableRandom(seed);
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
            fillPage();
        }
        int n = (int) Math.min(Math.min(len, pageLen - pagePos), size - produced);
        System.arraycopy(page, pagePos, b, off, n);
        pagePos += n;
        produced += n;
        return n;
    }

    private void fillPage() {
        if (text) {
            int i = 0;
            while (i < PAGE) {
                String w = WORDS[random.nextInt(WORDS.length)];
                for (int k = 0; k < w.length() && i < PAGE; k++) {
                    page[i++] = (byte) w.charAt(k);
                }
                if (i < PAGE) {
                    page[i++] = (byte) (random.nextInt(12) == 0 ? '\n' : ' ');
                }
            }
        } else {
            for (int i = 0; i < PAGE; i += 8) {
                long v = random.nextLong();
                for (int k = 0; k < 8; k++) {
                    page[i + k] = (byte) (v >>> (8 * k));
                }
            }
        }
        pageLen = PAGE;
        pagePos = 0;
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
