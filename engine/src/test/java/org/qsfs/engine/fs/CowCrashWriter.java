package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

/**
 * The process {@link CowCrashTest} kills: writes a file, waits until its blocks are safe on
 * the backends, then makes rounds of random 4 KiB writes into it (copy-on-write of safe and
 * hot blocks, in-place writes of dirty ones), each round fsync'ed and announced as
 * "SYNCED name round", with unsynced writes into another file between rounds. Opens the
 * volume with {@link CrashHarness#openVolume}; its scenario argument: the file name.
 */
public final class CowCrashWriter {
    static final int SIZE = 1 << 20;
    static final int WRITES_PER_ROUND = 16;

    private CowCrashWriter() {
    }

    static byte[] base(String name) {
        byte[] b = new byte[SIZE];
        new Random(name.hashCode()).nextBytes(b);
        return b;
    }

    /** Round {@code r}'s writes: {offset, seed} pairs, 4 KiB aligned. */
    static long[][] round(String name, int r) {
        Random rnd = new Random(name.hashCode() * 31L + r);
        long[][] w = new long[WRITES_PER_ROUND][];
        for (int k = 0; k < w.length; k++) {
            w[k] = new long[] {(long) rnd.nextInt(SIZE / 4096) * 4096, rnd.nextLong()};
        }
        return w;
    }

    static byte[] chunk(long seed) {
        byte[] b = new byte[4096];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static void main(String[] args) throws Exception {
        String name = CrashHarness.scenarioArg(args);
        FsVolume vol = CrashHarness.openVolume(args);
        FsOperations fs = vol.fs();
        byte[] b = base(name);
        FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, name.getBytes(StandardCharsets.UTF_8),
                0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        fs.write(c.fh(), 0, b, 0, b.length);
        fs.fsync(c.fh(), false);
        vol.uploads().drain(Duration.ofSeconds(60));
        System.out.println("SYNCED " + name + " -1");
        System.out.flush();
        FsOperations.Created s = fs.create(Caller.ROOT, FsOperations.ROOT_INO,
                (name + "-scratch").getBytes(StandardCharsets.UTF_8), 0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        Random pause = new Random();
        for (int r = 0; ; r++) {
            for (long[] w : round(name, r)) {
                fs.write(c.fh(), w[0], chunk(w[1]), 0, 4096);
            }
            fs.fsync(c.fh(), false);
            System.out.println("SYNCED " + name + " " + r);
            System.out.flush();
            fs.write(s.fh(), pause.nextInt(SIZE), b, 0, 100_000);
            Thread.sleep(pause.nextInt(150)); // blocks settle (100 ms) and go out between rounds
        }
    }
}
