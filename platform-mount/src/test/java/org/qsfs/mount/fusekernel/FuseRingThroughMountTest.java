package org.qsfs.mount.fusekernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.MountedVolume;
import org.qsfs.mount.fuse.MountTable;
import org.qsfs.mount.testing.DemoVolume;
import org.qsfs.mount.testing.KernelFuseRing;

/**
 * FUSE over io_uring through real mounts: used when the kernel offers it, with the same bytes
 * and answers as /dev/fuse; not used (and nothing hangs) when the kernel does not offer it,
 * the setting turns it off, or io_uring itself is disabled; and a volume mounts, serves and
 * unmounts through it again and again.
 */
class FuseRingThroughMountTest {
    @TempDir
    Path dir;

    private static MountedVolume mount(DemoVolume v, Path mp) throws Exception {
        Files.createDirectories(mp);
        return MountServices.choose(FuseKernelMountService.NAME).mount(v.fs(), MountRequest.at(mp.toString()));
    }

    @Test
    void concurrentWritersAndReadersGetTheirBytesThroughTheRing() throws Exception {
        try (KernelFuseRing ring = KernelFuseRing.set(true); DemoVolume v = DemoVolume.start(dir.resolve("vol"))) {
            MountedVolume m = mount(v, dir.resolve("mnt"));
            try {
                Path root = m.mountPoint();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int writer = t;
                    done.add(pool.submit(() -> {
                        Random rnd = new Random(writer);
                        Path d = Files.createDirectories(root.resolve("w" + writer));
                        for (int i = 0; i < 60; i++) {
                            // small files, one over a WRITE's 1 MiB, one over a 4 MiB block
                            byte[] data = new byte[i == 7 ? 1_500_000 : i == 11 ? 5_000_000 : rnd.nextInt(20_000)];
                            rnd.nextBytes(data);
                            Path f = d.resolve("f" + i);
                            Files.write(f, data);
                            assertArrayEquals(data, Files.readAllBytes(f), f.toString());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
                try (Stream<Path> files = Files.walk(root)) {
                    assertEquals(4 * 60, files.filter(Files::isRegularFile).count());
                }
                Files.move(root.resolve("w0/f7"), root.resolve("w1/moved"));
                assertEquals(1_500_000, Files.size(root.resolve("w1/moved")));
                Files.delete(root.resolve("w1/moved"));
                assertTrue(Files.notExists(root.resolve("w1/moved")));
                long viaRing = ((KernelMount) m).servedByRing();
                assertTrue(viaRing > 4 * 60 * 3, "requests answered through the ring: " + viaRing);
            } finally {
                m.unmount(false);
            }
        }
    }

    /** With the ring, /dev/fuse carries FORGETs only, and its readers let them pile up into BATCH_FORGETs. */
    @Test
    void forgetsOfRemovedFilesArriveInBatches() throws Exception {
        try (KernelFuseRing ring = KernelFuseRing.set(true); DemoVolume v = DemoVolume.start(dir.resolve("vol"))) {
            MountedVolume m = mount(v, dir.resolve("mnt"));
            try {
                Path d = Files.createDirectories(m.mountPoint().resolve("many"));
                for (int i = 0; i < 400; i++) {
                    Files.writeString(d.resolve("f" + i), "x");
                }
                KernelMount km = (KernelMount) m;
                long before = km.served(FuseKernelAbi.FORGET) + km.served(FuseKernelAbi.BATCH_FORGET);
                for (int i = 0; i < 400; i++) {
                    Files.delete(d.resolve("f" + i));
                }
                Thread.sleep(300); // the last batch
                long reads = km.served(FuseKernelAbi.FORGET) + km.served(FuseKernelAbi.BATCH_FORGET) - before;
                assertTrue(reads > 0 && reads < 100, "FORGET and BATCH_FORGET requests for 400 removed files: " + reads);
            } finally {
                m.unmount(false);
            }
        }
    }

    @Test
    void aVolumeMountsAndUnmountsThroughTheRingAgainAndAgain() throws Exception {
        try (KernelFuseRing ring = KernelFuseRing.set(true); DemoVolume v = DemoVolume.start(dir.resolve("vol"))) {
            byte[] digest = null;
            for (int round = 0; round < 4; round++) {
                MountedVolume m = mount(v, dir.resolve("mnt"));
                try {
                    Path f = m.mountPoint().resolve("kept.bin");
                    if (round == 0) {
                        byte[] data = new byte[3 << 20];
                        new Random(7).nextBytes(data);
                        Files.write(f, data);
                        digest = sha256(data);
                    }
                    assertArrayEquals(digest, sha256(Files.readAllBytes(f)), "round " + round);
                    Files.writeString(m.mountPoint().resolve("round" + round), "r" + round);
                    assertTrue(((KernelMount) m).servedByRing() > 0, "round " + round);
                    assertEquals("io_uring", m.transport(), "round " + round);
                    assertEquals(null, m.speedHint(), "round " + round);
                } finally {
                    m.unmount(false);
                }
                assertTimeoutPreemptively(Duration.ofSeconds(10), m::awaitUnmounted, "unmounted in round " + round);
                assertTrue(MountTable.at(dir.resolve("mnt")).isEmpty(), "round " + round);
            }
        }
    }

    @Test
    void withoutTheKernelsOfferRequestsGoThroughDevFuse() throws Exception {
        try (KernelFuseRing ring = KernelFuseRing.set(false)) {
            assertServedWithoutRing("kernel says no", true);
        }
    }

    @Test
    void theSettingTurnsTheRingOff() throws Exception {
        try (KernelFuseRing ring = KernelFuseRing.set(true)) {
            System.setProperty("qsfs.fuse.uring", "false");
            try {
                assertServedWithoutRing("qsfs.fuse.uring=false", false);
            } finally {
                System.clearProperty("qsfs.fuse.uring");
            }
        }
    }

    /** io_uring switched off for the whole system: the INIT reply must not ask for a ring nobody can register. */
    @Test
    void withIoUringDisabledTheMountFallsBackInsteadOfHanging() throws Exception {
        Path sysctl = Path.of("/proc/sys/kernel/io_uring_disabled");
        assumeTrue(Files.isWritable(sysctl), "needs root and " + sysctl);
        String before = Files.readString(sysctl).trim();
        try (KernelFuseRing ring = KernelFuseRing.set(true)) {
            Files.writeString(sysctl, "2");
            assertServedWithoutRing("io_uring disabled", false);
        } finally {
            Files.writeString(sysctl, before);
        }
    }

    /** {@code hinted}: the mount tells how to switch the ring on (the kernel has it, switched off). */
    private void assertServedWithoutRing(String why, boolean hinted) throws Exception {
        try (DemoVolume v = DemoVolume.start(dir.resolve("vol"))) {
            MountedVolume m = mount(v, dir.resolve("mnt"));
            try {
                Path f = m.mountPoint().resolve("a.txt");
                Files.writeString(f, "through /dev/fuse");
                assertEquals("through /dev/fuse", Files.readString(f));
                assertEquals(0, ((KernelMount) m).servedByRing(), why);
                assertTrue(((KernelMount) m).served(FuseKernelAbi.LOOKUP) > 0, why);
                assertEquals("/dev/fuse", m.transport(), why);
                if (hinted) {
                    assertTrue(m.speedHint() != null && m.speedHint().contains("echo Y > " + FuseRing.ENABLE_URING),
                            why + ": " + m.speedHint());
                } else {
                    assertEquals(null, m.speedHint(), why);
                }
            } finally {
                m.unmount(false);
            }
        }
    }

    private static byte[] sha256(byte[] data) throws IOException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
