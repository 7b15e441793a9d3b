package org.qsfs.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.app.control.EventDto;
import org.qsfs.app.control.StatusDto;
import org.qsfs.engine.config.CacheConfig;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.crypto.MasterKey;

/**
 * A daemon whose drive stopped working because the disk of its cache filled up (a real, small
 * tmpfs; root only) mounts it again by itself once there is room: what was fsync'ed before is
 * there, the drive takes new files, and the daemon kept serving throughout.
 */
class DriveRecoveryTest {
    @TempDir
    Path dir;
    private Path small;
    private DemoBackends backends;
    private Daemon daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (backends != null) {
            backends.close();
        }
        if (small != null) {
            run("umount", "-l", small.toString());
        }
    }

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    @Test
    void aDriveStoppedByAFullDiskIsMountedAgainOnceThereIsRoom() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/fuse")) && "root".equals(System.getProperty("user.name")),
                "mounting the drive and a tmpfs needs /dev/fuse and root here");
        Path fs = Files.createDirectories(dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", fs.toString()), "cannot mount a tmpfs");
        small = fs;
        backends = DemoBackends.start(dir.resolve("demo"));
        QsfsConfig b = backends.config();
        QsfsConfig c = new QsfsConfig(b.dataShards(), b.parityShards(), b.redundantGroups(), b.blockSize(),
                b.keyFile(), b.groups(), b.metadata(), new CacheConfig(small.resolve("cache"), 16L << 20),
                b.timeouts(), b.volume());
        Path mnt = dir.resolve("mnt");
        daemon = Daemon.start(new DaemonOptions(c, backends.configFile(), dir.resolve("daemon.json"), true, mnt,
                Duration.ofSeconds(1)).withKey(MasterKey.generate()));

        Path kept = mnt.resolve("kept.txt");
        Files.writeString(kept, "written before the disk filled");
        try (FileChannel ch = FileChannel.open(kept, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path filler = fill(small);
        // work on the drive while the disk is full: a group commit fails and the volume stops
        StatusDto stopped = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int i = 0; stopped == null && System.nanoTime() < deadline; i++) {
            try {
                Files.writeString(mnt.resolve("while-full-" + i), "x");
            } catch (IOException expected) {
                // no space, or the volume has stopped
            }
            stopped = seen(s -> hasEvent(s, "The drive stopped working"));
            Thread.sleep(100);
        }
        assertTrue(stopped != null, "the volume stopped on the full disk: " + daemon.core().status());
        assertTrue(hasEvent(stopped, "mounts it again by itself once"), stopped.events().toString());

        Files.delete(filler);
        StatusDto back = await(s -> hasEvent(s, "The drive is mounted again") && s.mountPoint() != null,
                Duration.ofSeconds(60));
        assertEquals(mnt.toString(), back.mountPoint(), back.toString());
        assertEquals("written before the disk filled", Files.readString(kept));
        Files.writeString(mnt.resolve("after.txt"), "the drive works again");
        assertEquals("the drive works again", Files.readString(mnt.resolve("after.txt")));
        assertTrue(!back.driveState().name().equals("ERROR") || !back.summary().startsWith("The drive stopped"),
                back.summary());
    }

    private StatusDto seen(Predicate<StatusDto> p) {
        StatusDto s = daemon.core().status();
        return p.test(s) ? s : null;
    }

    private StatusDto await(Predicate<StatusDto> p, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        StatusDto s = daemon.core().status();
        while (!p.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            s = daemon.core().status();
        }
        assertTrue(p.test(s), "not within " + within + ": " + s);
        return s;
    }

    private static boolean hasEvent(StatusDto s, String text) {
        for (EventDto e : s.events()) {
            if (e.text().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Fills the file system with one file until it is full; returns it. */
    private static Path fill(Path fsDir) throws IOException {
        Path filler = fsDir.resolve("filler");
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            return filler;
        }
    }
}
