package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.n;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block's atime (the eviction order) is wall milliseconds however the block was made (the
 * write fast path, a transactional write) as when it is read or evicted; a volume that holds
 * nanoseconds from before is converted at open.
 */
class BlockAtimeTest {
    static final int BS = 64 * 1024;
    @TempDir
    Path dir;

    private static List<Long> atimes(Path state) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("volume.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT atime FROM block")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    @Test
    void blockAtimeIsWallMillisecondsFromEveryPath() throws Exception {
        Path state = dir.resolve("s");
        VolumeOptions o = VolumeOptions.defaults(state).withBlockSize(BS).withCache(64L << 20, 0);
        long before = System.currentTimeMillis();
        try (FsVolume vol = FsVolume.open(o, null)) {
            FsOperations fs = vol.fs();
            FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            byte[] w = new byte[3 * BS];
            fs.write(c.fh(), 0, w, 0, w.length); // new blocks on the fast path
            fs.release(c.fh());
            long fh = fs.open(Caller.ROOT, c.attr().ino(), OpenFlags.O_RDWR);
            fs.write(fh, 5L * BS, w, 0, 100); // a new writing session: the transactional path
            fs.release(fh);
        }
        long after = System.currentTimeMillis();
        List<Long> a = atimes(state);
        assertEquals(4, a.size(), "blocks: " + a);
        for (long t : a) {
            assertTrue(t >= before - 1000 && t <= after + 1000, "atime in ms: " + t + " not in " + before + ".." + after);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("volume.db"))) {
            c.createStatement().executeUpdate("UPDATE block SET atime = atime * 1000000"); // as written before
        }
        try (FsVolume vol = FsVolume.open(o, null)) {
            assertEquals(4L * BS + 100 + BS, vol.paths().resolve(Caller.ROOT, "/f").size());
        }
        for (long t : atimes(state)) {
            assertTrue(t >= before - 1000 && t <= after + 1000, "converted to ms at open: " + t);
        }
    }
}
