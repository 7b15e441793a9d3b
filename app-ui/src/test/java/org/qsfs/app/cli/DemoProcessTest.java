package org.qsfs.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.app.control.ControlClient;
import org.qsfs.app.control.DriveState;
import org.qsfs.app.control.StatusDto;
import org.qsfs.app.control.VersionDto;
import org.qsfs.app.control.VersionsDto;

/**
 * `qsfs demo` as a user runs it, in its own process with a fresh HOME: the drive mounts, a
 * copied file reads back, the control API reports it safe once uploaded, SIGINT unmounts,
 * and a second run reopens the same volume with the file in it. Needs FUSE (/dev/fuse and
 * fusermount, as .ci/run installs); skipped without it.
 */
class DemoProcessTest {
    @TempDir
    Path home;

    @Test
    void demoMountsStoresAndUnmountsOnCtrlC() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/fusermount"))
                || Files.isExecutable(Path.of("/bin/fusermount")), "no fusermount (apt-get install fuse3)");
        Path mount = home.resolve("QSFS");
        byte[] content = new byte[3 * 1024 * 1024 + 12345];
        new Random(7).nextBytes(content);

        Demo first = Demo.start(home);
        try {
            first.awaitLine("QSFS demo drive mounted at " + mount);
            assertTrue(isMounted(mount), "mounted");
            Path source = home.resolve("source.bin");
            Files.write(source, content);
            Files.copy(source, mount.resolve("copied.bin"));
            assertArrayEquals(content, Files.readAllBytes(mount.resolve("copied.bin")));

            ControlClient client = ControlClient.forFile(home.resolve(".config/qsfs/daemon.json"));
            StatusDto s = client.status();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // safe: nothing left in the upload queue; the backends' sizes follow at their next health
            // checks, one backend after another (stored past the content alone: parity counted too)
            while ((s.queue().pendingBytes() > 0 || s.driveState() != DriveState.OK
                    || s.storedBytes() < content.length || s.overhead() <= 1.0) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                s = client.status();
            }
            assertEquals(0, s.queue().pendingBytes(), s.toString());
            assertEquals(DriveState.OK, s.driveState(), s.summary());
            assertEquals("All data is safe.", s.summary());
            assertEquals(mount.toString(), s.mountPoint());
            // how the kernel hands the drive its requests, and how to make that faster when it can be
            Path uring = Path.of("/sys/module/fuse/parameters/enable_uring");
            String uringSetting = Files.isReadable(uring) ? Files.readString(uring).trim() : "absent";
            assertEquals(uringSetting.equals("Y") ? "io_uring" : "/dev/fuse", s.mountTransport(), uringSetting);
            if (uringSetting.equals("N")) {
                assertTrue(s.mountHint() != null && s.mountHint().contains("echo Y > " + uring), s.toString());
            } else {
                assertEquals(null, s.mountHint(), uringSetting);
            }
            Cli.Result status = new Cli(home).run("status");
            assertTrue(status.out().contains("mounted at " + mount + " (requests over " + s.mountTransport() + ")"),
                    status.toString());
            assertTrue(s.logicalBytes() >= content.length, s.toString());
            assertTrue(s.storedBytes() >= content.length, "stored with parity on the backends: " + s);
            assertTrue(s.overhead() > 1.0, s.toString());

            // versions of a file in the drive, through the daemon (the API and the CLI), and a restore
            byte[] newer = "replaced".getBytes(StandardCharsets.UTF_8);
            Files.write(mount.resolve("copied.bin"), newer);
            VersionsDto kept = client.versions("/copied.bin");
            assertEquals(2, kept.versions().size(), kept.toString());
            VersionDto old = kept.versions().get(0);
            assertEquals(content.length, old.size(), kept.toString());
            assertFalse(old.current());
            assertTrue(kept.versions().get(1).current());
            Cli cli = new Cli(home);
            Cli.Result listed = cli.run("versions", "/copied.bin");
            assertEquals(0, listed.code(), listed.toString());
            assertTrue(listed.out().contains(old.id()) && listed.out().contains("current"), listed.toString());
            try (java.nio.channels.FileChannel held = java.nio.channels.FileChannel.open(mount.resolve("copied.bin"))) {
                Cli.Result restored = cli.run("restore-version", "/copied.bin", old.id());
                assertEquals(0, restored.code(), restored.toString());
                assertArrayEquals(content, Files.readAllBytes(mount.resolve("copied.bin")), "the old content is back");
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64);
                held.read(b, 0);
                assertEquals("replaced", new String(b.array(), 0, b.position(), StandardCharsets.UTF_8),
                        "a file open during the restore keeps what it opened");
            }
            assertEquals(3, client.versions("/copied.bin").versions().size(), "what the restore replaced is kept");
            // a deleted file comes back where the kernel had just cached that the name is gone
            Path note = mount.resolve("note.txt");
            Files.writeString(note, "first draft");
            Files.delete(note);
            assertFalse(Files.exists(note));
            VersionDto deleted = client.versions("/note.txt").versions().get(0);
            assertEquals("deleted", deleted.kind(), deleted.toString());
            assertTrue(client.restoreVersion("/note.txt", deleted.id()).ok());
            assertEquals("first draft", Files.readString(note), "restored through the mount at once");
            Cli.Result missing = cli.run("versions", "/never-there");
            assertEquals(ExitCode.NOT_FOUND, missing.code(), missing.toString());
            Cli.Result relative = cli.run("restore-version", "copied.bin", old.id());
            assertEquals(ExitCode.USAGE, relative.code(), relative.toString());
            assertTrue(relative.err().contains("starting with /"), relative.toString());
        } finally {
            first.interrupt();
        }
        assertEquals(130, first.awaitExit(), first.output()); // 128 + SIGINT, after a clean unmount
        assertFalse(isMounted(mount), "Ctrl-C unmounted the drive");
        assertFalse(Files.exists(home.resolve(".config/qsfs/daemon.json")));

        Demo second = Demo.start(home);
        try {
            second.awaitLine("QSFS demo drive mounted at " + mount);
            assertFalse(second.output().contains("Created the demo volume"), "reopened, not created");
            assertArrayEquals(content, Files.readAllBytes(mount.resolve("copied.bin")), "the restored content");
        } finally {
            second.interrupt();
        }
        assertEquals(130, second.awaitExit(), second.output());
        assertFalse(isMounted(mount));
    }

    /**
     * A failed run may have killed the demo with its drive mounted: unmount it (lazily), or the
     * machine keeps a dead mount under /tmp ("Transport endpoint is not connected") that the
     * temporary directory's cleanup then cannot remove.
     */
    @AfterEach
    void noStaleMount() throws Exception {
        Path mount = home.resolve("QSFS");
        if (isMounted(mount)) {
            for (String tool : List.of("fusermount3", "fusermount")) {
                try {
                    new ProcessBuilder(tool, "-u", "-z", mount.toString()).inheritIO().start().waitFor();
                    break;
                } catch (java.io.IOException notInstalled) {
                    // try the other name
                }
            }
        }
    }

    static boolean isMounted(Path p) throws Exception {
        return Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(p.toString()));
    }

    /** A `qsfs demo --no-passphrase` child process with its own HOME. */
    static final class Demo {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuffer all = new StringBuffer();

        private Demo(Process p) {
            this.process = p;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        all.append(l).append('\n');
                        lines.add(l);
                    }
                } catch (java.io.IOException e) {
                    // process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }

        static Demo start(Path home) throws Exception {
            List<String> cmd = new java.util.ArrayList<>(sigintRestored());
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
                    "org.qsfs.app.cli.QsfsMain", "demo", "--no-passphrase"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("HOME", home.toString());
            pb.environment().remove("QSFS_CONFIG");
            pb.environment().remove("QSFS_CONTROL_FILE");
            pb.environment().remove("XDG_CONFIG_HOME");
            pb.environment().remove("XDG_DATA_HOME");
            return new Demo(pb.start());
        }

        /**
         * A build started in the background by a non-interactive shell (`nohup ... &`) runs with
         * SIGINT ignored, the child inherits that, and a JVM that starts with SIGINT ignored
         * never handles it: Ctrl-C would then be tested against a process that cannot see it.
         * coreutils' env (8.31 and later) puts the default action back before it starts the demo.
         */
        static List<String> sigintRestored() throws Exception {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? List.of("env", "--default-signal=INT") : List.of();
        }

        void awaitLine(String prefix) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                String l = lines.poll(200, TimeUnit.MILLISECONDS);
                if (l != null && l.startsWith(prefix)) {
                    return;
                }
                if (l == null && !process.isAlive()) {
                    break;
                }
            }
            throw new AssertionError("no line starting with '" + prefix + "'; output:\n" + all);
        }

        /** Ctrl-C: SIGINT to the JVM. */
        void interrupt() throws Exception {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        }

        int awaitExit() throws Exception {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                String threads = threadDump();
                process.destroyForcibly();
                throw new AssertionError("demo did not stop on SIGINT; output:\n" + all + "\nits threads:\n" + threads);
            }
            Thread.sleep(100);
            return process.exitValue();
        }

        /** What the stuck process's threads are doing (jcmd of this JDK), for the failure message. */
        private String threadDump() {
            try {
                Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
                String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                j.waitFor(30, TimeUnit.SECONDS);
                return out;
            } catch (java.io.IOException | InterruptedException e) {
                return "(no thread dump: " + e + ")";
            }
        }

        String output() {
            return all.toString();
        }
    }
}
