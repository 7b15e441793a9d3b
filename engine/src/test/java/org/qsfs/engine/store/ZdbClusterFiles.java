package org.qsfs.engine.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/** Looks inside backends' files: corrupt a stored shard, or prove no plaintext is there. */
public final class ZdbClusterFiles {
    private static final long BASE = 0x100000001B3L;

    private ZdbClusterFiles() {
    }

    /** Flips one byte in the middle of {@code stored} (a whole stored shard) where it sits in {@code file}. */
    public static void flipInside(Path file, byte[] stored) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int at = indexOf(content, Arrays.copyOfRange(stored, 0, 64));
        assertTrue(at >= 0, "shard not found in " + file);
        int pos = at + stored.length / 2;
        // in place, as the disk would rot it: the server keeps the file open
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) (content[pos] ^ 0x5A)}), pos);
            ch.force(true);
        }
    }

    /** Where {@code needle} first stands in {@code hay}; -1 if nowhere. */
    public static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Fails if any file holds one of {@code names} (UTF-8) or any {@code run}-byte window of
     * any of {@code contents}. Rolling hashes of every window of every file, sorted, then
     * every window of the contents looked up and confirmed byte by byte.
     */
    public static void assertNoLeak(List<Path> files, String[] names, byte[][] contents, int run) throws IOException {
        byte[][] fileBytes = new byte[files.size()][];
        int windows = 0;
        for (int i = 0; i < files.size(); i++) {
            fileBytes[i] = Files.readAllBytes(files.get(i));
            windows += Math.max(0, fileBytes[i].length - run + 1);
            for (String name : names) {
                byte[] n = name.getBytes(StandardCharsets.UTF_8);
                assertTrue(indexOf(fileBytes[i], n) < 0, "name " + name + " found in " + files.get(i));
            }
        }
        long[] hashes = new long[windows];
        int h = 0;
        long pow = pow(run);
        for (byte[] f : fileBytes) {
            if (f.length < run) {
                continue;
            }
            long x = hash(f, 0, run);
            hashes[h++] = x;
            for (int i = run; i < f.length; i++) {
                x = x * BASE + (f[i] & 0xFF) - pow * (f[i - run] & 0xFF);
                hashes[h++] = x;
            }
        }
        Arrays.sort(hashes);
        for (int c = 0; c < contents.length; c++) {
            byte[] d = contents[c];
            if (d.length < run) {
                continue;
            }
            long x = hash(d, 0, run);
            for (int i = run; ; i++) {
                if (Arrays.binarySearch(hashes, x) >= 0) {
                    confirm(files, fileBytes, Arrays.copyOfRange(d, i - run, i), c, i - run);
                }
                if (i == d.length) {
                    break;
                }
                x = x * BASE + (d[i] & 0xFF) - pow * (d[i - run] & 0xFF);
            }
        }
    }

    private static void confirm(List<Path> files, byte[][] fileBytes, byte[] window, int content, int offset) {
        for (int i = 0; i < fileBytes.length; i++) {
            if (indexOf(fileBytes[i], window) >= 0) {
                fail("content " + content + " bytes " + offset + ".." + (offset + window.length) + " appear in "
                        + files.get(i));
            }
        }
    }

    private static long hash(byte[] b, int off, int len) {
        long x = 0;
        for (int i = 0; i < len; i++) {
            x = x * BASE + (b[off + i] & 0xFF);
        }
        return x;
    }

    private static long pow(int run) {
        long p = 1;
        for (int i = 0; i < run; i++) {
            p *= BASE; // BASE^run: the weight of the byte leaving the window after the shift
        }
        return p;
    }
}
