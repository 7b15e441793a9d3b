package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.object.BackendSpec;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.store.ZdbCluster;
import org.qsfs.engine.zdb.BackendAddress;

/**
 * The process {@link CowCrashTest} kills: writes a file, waits until its blocks are safe on
 * the backends, then makes rounds of random 4 KiB writes into it (copy-on-write of safe and
 * hot blocks, in-place writes of dirty ones), each round fsync'ed and announced as
 * "SYNCED name round", with unsynced writes into another file between rounds. Args: state
 * dir, key hex, file name, six ports.
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
        Path state = Path.of(args[0]);
        MasterKey key = MasterKey.fromBytes(HexFormat.of().parseHex(args[1]));
        String name = args[2];
        List<BackendSpec> data = new ArrayList<>();
        List<BackendSpec> meta = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int port = Integer.parseInt(args[3 + i]);
            data.add(BackendSpec.user(ZdbCluster.id(i), "site" + (i % 3), new BackendAddress("127.0.0.1", port,
                    ZdbCluster.DATA_NS, ZdbCluster.password(ZdbCluster.DATA_NS, i))));
            meta.add(BackendSpec.user("m" + i, "site" + (i % 3), new BackendAddress("127.0.0.1", port,
                    ZdbCluster.META_NS, ZdbCluster.password(ZdbCluster.META_NS, i))));
        }
        StorageEngine engine = StorageEngine.open(key, data, meta, VolumeCluster.settings());
        FsVolume vol = FsVolume.open(CowCrashTest.options(state), engine);
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
