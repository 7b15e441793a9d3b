package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * The process {@link GroupCommitTest} stops with {@code Runtime.halt} (no shutdown hooks, no
 * commit: what a SIGKILL leaves). Writes "synced" and fsyncs it, writes "timed" and waits
 * for the group commit timer, then writes "lost" (and grows "synced" without an fsync) and
 * halts at once. Args: state dir.
 */
public final class GroupCommitWriter {
    static final int SIZE = 3 * 1024 * 1024 + 12345;

    private GroupCommitWriter() {
    }

    static byte[] content(String name, int len) {
        byte[] b = new byte[len];
        new Random(name.hashCode()).nextBytes(b);
        return b;
    }

    public static void main(String[] args) throws Exception {
        FsVolume vol = FsVolume.open(GroupCommitTest.options(Path.of(args[0])), null);
        FsOperations fs = vol.fs();
        FsOperations.Created s = write(fs, "synced");
        fs.fsync(s.fh(), false);
        FsOperations.Created t = write(fs, "timed");
        fs.release(t.fh());
        Thread.sleep(FsVolume.COMMIT_INTERVAL.toMillis() * 3);
        write(fs, "lost");
        byte[] more = content("more", 200_000);
        fs.write(s.fh(), SIZE, more, 0, more.length); // un-fsync'ed growth of a synced file
        System.out.println("HALT");
        System.out.flush();
        Runtime.getRuntime().halt(9);
    }

    private static FsOperations.Created write(FsOperations fs, String name) throws FsException {
        byte[] b = content(name, SIZE);
        FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, name.getBytes(StandardCharsets.UTF_8),
                0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        for (int off = 0; off < b.length; off += 128 * 1024) {
            fs.write(c.fh(), off, b, off, Math.min(128 * 1024, b.length - off));
        }
        return c;
    }
}
