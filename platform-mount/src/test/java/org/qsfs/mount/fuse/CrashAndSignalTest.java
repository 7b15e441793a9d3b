package org.qsfs.mount.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.testing.DemoMountMain;
import org.qsfs.mount.testing.MountedDemo;
import org.qsfs.mount.testing.Sh;
import org.qsfs.mount.testing.Trees;

/**
 * The mounting process as a separate JVM: killed with SIGKILL in the middle of a copy (the
 * next mount clears the dead mount and every fsync'ed file is intact), and stopped with
 * SIGTERM (a clean unmount).
 */
class CrashAndSignalTest {
    @TempDir
    Path dir;

    private Process startMountJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DemoMountMain.class.getName(), dir.resolve("volume").toString(), dir.resolve("mnt").toString())
                .redirectError(dir.resolve("child-" + System.nanoTime() + ".log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (Exception e) {
                return null;
            }
        });
        String line = first.get(120, TimeUnit.SECONDS);
        assertTrue(line != null && line.startsWith("MOUNTED"), "the child did not mount: " + line);
        return p;
    }

    @Test
    void sigkillDuringACopyLosesNothingThatWasFsynced() throws Exception {
        Path src = dir.resolve("src");
        Trees.make(src, 400, 9);
        Process child = startMountJvm();
        Path mnt = dir.resolve("mnt");
        Map<String, byte[]> synced = new LinkedHashMap<>();
        Random r = new Random(3);
        Files.createDirectories(mnt.resolve("synced"));
        for (int i = 0; i < 30; i++) {
            byte[] b = new byte[i * 37_000 + r.nextInt(1000)];
            r.nextBytes(b);
            String name = "synced/file-" + i;
            try (FileChannel ch = FileChannel.open(mnt.resolve(name), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(b));
                ch.force(true);
            }
            synced.put(name, b);
        }
        Process cp = new ProcessBuilder("cp", "-a", src.toString(), mnt.resolve("copy").toString())
                .redirectErrorStream(true).start();
        Thread.sleep(700);
        child.destroyForcibly(); // SIGKILL
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        cp.waitFor(60, TimeUnit.SECONDS);
        assertEquals(MountPointGuard.State.DEAD, MountPointGuard.probe(mnt), "the killed mount is left dead");

        MountedDemo again = MountedDemo.start(dir); // same volume, same mount point: clears the dead mount
        try {
            for (Map.Entry<String, byte[]> e : synced.entrySet()) {
                assertArrayEquals(e.getValue(), Files.readAllBytes(again.path(e.getKey())), e.getKey());
            }
            // the half-done copy can be finished and then matches the source
            Sh.ok(null, "rsync", "-a", src + "/", again.path("copy") + "/");
            assertEquals(Trees.digest(src), Trees.digest(again.path("copy")));
        } finally {
            again.close();
        }
    }

    @Test
    void sigtermUnmountsCleanlyAndClosesTheVolume() throws Exception {
        Process child = startMountJvm();
        Path mnt = dir.resolve("mnt");
        Files.writeString(mnt.resolve("before-term.txt"), "written before SIGTERM");
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the mounting JVM did not exit on SIGTERM");
        assertFalse(MountTable.at(MountPointGuard.canonical(mnt)).isPresent(), "the mount is gone, not dead");
        try (var s = Files.list(mnt)) {
            assertEquals(0, s.count());
        }
        MountedDemo again = MountedDemo.start(dir);
        try {
            assertEquals("written before SIGTERM", Files.readString(again.path("before-term.txt")));
        } finally {
            again.close();
        }
    }
}
