package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

/**
 * The process {@link CrashTest} kills: opens the volume ({@link CrashHarness#openVolume}),
 * then writes files forever, printing "SYNCED name" after each fsync returns. Its scenario
 * argument: the run prefix.
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
        String prefix = CrashHarness.scenarioArg(args);
        FsVolume vol = CrashHarness.openVolume(args);
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
            // a file written and deleted: its block map moves into its kept version
            byte[] doomed = ("doomed-" + i).getBytes(StandardCharsets.UTF_8);
            FsOperations.Created d = fs.create(root, dir, doomed, 0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            fs.write(d.fh(), 0, b, 0, Math.min(b.length, 200_000));
            fs.release(d.fh());
            fs.unlink(root, dir, doomed);
        }
    }

    static Duration unused() {
        return Duration.ZERO;
    }
}
