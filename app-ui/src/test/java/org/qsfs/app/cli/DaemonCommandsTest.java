package org.qsfs.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.app.daemon.Backends;
import org.qsfs.app.daemon.Daemon;
import org.qsfs.app.daemon.DaemonOptions;
import org.qsfs.engine.config.ConfigWriter;

/** status, pause, resume, unmount against a daemon in this JVM (monitor-only); mount and demo without mount support. */
class DaemonCommandsTest {
    @TempDir
    Path dir;
    Backends backends;
    Cli cli;
    Path config;

    @BeforeEach
    void setUp() throws Exception {
        backends = new Backends(dir);
        config = dir.resolve("qsfs.toml");
        ConfigWriter.write(config, backends.config, List.of(), false);
        cli = new Cli(dir.resolve("home"));
        cli.env.put("QSFS_CONFIG", config.toString());
    }

    @AfterEach
    void tearDown() {
        backends.close();
    }

    @Test
    void statusPauseResumeTalkToTheRunningDaemon() throws Exception {
        Path endpoint = dir.resolve("home/.config/qsfs/daemon.json");
        try (Daemon d = Daemon.start(new DaemonOptions(backends.config, config, endpoint, false, null,
                Duration.ofMillis(200)))) {
            Thread.sleep(600);
            Cli.Result r = cli.run("status");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().startsWith("OK: All data is safe."), r.toString());
            assertTrue(r.out().contains("this daemon was started with --no-mount"), r.toString());
            assertTrue(r.out().contains("site-b"), r.toString());
            r = cli.run("pause");
            assertEquals(0, r.code(), r.toString());
            assertEquals("Uploads paused.\n", r.out());
            assertTrue(d.core().paused());
            r = cli.run("resume");
            assertEquals("Uploads resumed.\n", r.out());
            assertFalse(d.core().paused());
            backends.servers.get(0).close();
            backends.servers.get(1).close();
            backends.servers.get(2).close();
            Thread.sleep(1500);
            r = cli.run("status");
            assertEquals(ExitCode.NOT_SAFE, r.code(), r.toString());
            assertTrue(r.out().startsWith("ERROR: Files cannot be read or stored"), r.toString());
            r = cli.run("unmount");
            assertEquals(0, r.code(), r.toString());
            d.awaitStop();
        }
    }

    @Test
    void withoutADaemonPauseSaysHowToStartOne() {
        Cli.Result r = cli.run("pause");
        assertEquals(ExitCode.IO, r.code(), r.toString());
        assertTrue(r.err().contains("no qsfs daemon is running"), r.toString());
        assertTrue(r.err().contains("qsfs mount"), r.toString());
    }

    @Test
    void statusWithoutADaemonProbesTheBackends() {
        Cli.Result r = cli.run("status");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("All 10 backends are reachable."), r.toString());
    }

    @Test
    void mountWithoutAKeyFileSaysHowToMakeOne() throws Exception {
        Cli.Result r = cli.run("mount", "--mount-point", dir.resolve("mnt").toString());
        assertEquals(ExitCode.KEY, r.code(), r.toString());
        assertTrue(r.err().contains("no key file at"), r.toString());
        assertTrue(r.err().contains("qsfs key new"), r.toString());
        assertFalse(Files.exists(dir.resolve("home/.config/qsfs/daemon.json")));
    }

    @Test
    void mountNoMountRunsTheDaemonUntilUnmount() throws Exception {
        Thread t = new Thread(() -> cli.run("mount", "--no-mount", "--check-interval", "0.2"));
        t.start();
        Path endpoint = dir.resolve("home/.config/qsfs/daemon.json");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(endpoint) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(endpoint));
        Cli other = new Cli(dir.resolve("home"));
        other.env.put("QSFS_CONFIG", config.toString());
        Cli.Result second = other.run("mount", "--no-mount");
        assertEquals(ExitCode.IO, second.code(), second.toString());
        assertTrue(second.err().contains("already running"), second.toString());
        assertEquals(0, other.run("unmount").code());
        t.join(10_000);
        assertFalse(t.isAlive());
        assertFalse(Files.exists(endpoint));
    }
}
