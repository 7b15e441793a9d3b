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
 * The process {@link CrashTest} kills: opens the volume over the test's zdb-servers, then
 * writes files forever, printing "SYNCED name" after each fsync returns. Args: state dir,
 * key hex, run prefix, six ports.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    static byte[] content(String name) {
        Random r = new Random(name.hashCode());
        byte[] b = new byte[1 + r.nextInt(700_000)];
        r.nextBytes(b);
        return b;
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        MasterKey key = MasterKey.fromBytes(HexFormat.of().parseHex(args[1]));
        String prefix = args[2];
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
        FsVolume vol = FsVolume.open(CrashTest.options(state), engine);
        FsOperations fs = vol.fs();
        System.out.println("READY");
        System.out.flush();
        Caller root = Caller.ROOT;
        long dir = fs.mkdir(root, FsOperations.ROOT_INO, prefix.getBytes(StandardCharsets.UTF_8), 0755).ino();
        for (int i = 0; ; i++) {
            String name = prefix + "-f" + i;
            byte[] b = content(name);
            FsOperations.Created c = fs.create(root, dir, name.getBytes(StandardCharsets.UTF_8), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            for (int off = 0; off < b.length; off += 65536) {
                fs.write(c.fh(), off, b, off, Math.min(65536, b.length - off));
            }
            fs.fsync(c.fh(), false);
            System.out.println("SYNCED " + name);
            System.out.flush();
            fs.release(c.fh());
            // unsynced churn that the crash may cut anywhere (in another file: a synced file's
            // later, unsynced changes may or may not survive, as on any filesystem)
            FsOperations.Created s = fs.create(root, dir, "scratch".getBytes(StandardCharsets.UTF_8), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            fs.write(s.fh(), i * 1000L, b, 0, Math.min(b.length, 100_000));
            fs.setattr(root, s.attr().ino(), SetAttr.none().withSize(i * 500L));
            fs.release(s.fh());
            fs.mkdir(root, dir, ("tmpdir" + i).getBytes(StandardCharsets.UTF_8), 0755);
            fs.rmdir(root, dir, ("tmpdir" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    static Duration unused() {
        return Duration.ZERO;
    }
}
