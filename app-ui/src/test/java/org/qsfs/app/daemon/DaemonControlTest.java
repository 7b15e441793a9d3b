package org.qsfs.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.app.control.ActionResult;
import org.qsfs.app.control.ControlClient;
import org.qsfs.app.control.ControlEndpoint;
import org.qsfs.app.control.ControlException;
import org.qsfs.app.control.DriveState;
import org.qsfs.app.control.StatusDto;

/** The daemon's control API and metrics against six real zdb-servers (monitor-only: no mount in this JVM). */
class DaemonControlTest {
    @TempDir
    Path dir;
    Backends backends;
    Daemon daemon;
    Path endpointFile;

    @BeforeEach
    void start() throws Exception {
        backends = new Backends(dir);
        endpointFile = dir.resolve("config/daemon.json");
        daemon = Daemon.start(new DaemonOptions(backends.config, dir.resolve("qsfs.toml"), endpointFile, false, null,
                Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() {
        daemon.close();
        backends.close();
    }

    ControlClient client() throws Exception {
        return ControlClient.forFile(endpointFile);
    }

    StatusDto awaitStatus(Predicate<StatusDto> p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        StatusDto s = client().status();
        while (!p.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = client().status();
        }
        return s;
    }

    @Test
    void endpointFileIsOwnerOnlyAndRemovedOnClose() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(endpointFile)));
        ControlEndpoint e = ControlEndpoint.read(endpointFile).orElseThrow();
        assertEquals(daemon.endpoint().port(), e.port());
        daemon.close();
        assertFalse(Files.exists(endpointFile));
        ControlException ex = assertThrows(ControlException.class, () -> new ControlClient(e).status());
        assertTrue(ex.notRunning());
    }

    @Test
    void statusShowsEveryBackendHealthyThenOneDown() throws Exception {
        StatusDto s = awaitStatus(st -> st.backends().stream().allMatch(b -> b.health().equals("HEALTHY")));
        assertEquals(DriveState.OK, s.driveState(), s.toString());
        assertEquals(10, s.backends().size());
        assertEquals(1.5, s.overhead(), 1e-9);
        assertTrue(s.backends().stream().allMatch(b -> b.latencyMs() >= 0 && b.usedBytes() >= 0));

        backends.servers.get(5).close();
        // One failed check makes it DEGRADED ("erroring"), the next UNREACHABLE ("stopped answering").
        s = awaitStatus(st -> st.driveState() == DriveState.DEGRADED
                && st.events().stream().anyMatch(e -> e.text().contains("stopped answering")));
        assertEquals(DriveState.DEGRADED, s.driveState());
        assertTrue(s.summary().startsWith("1 of 10 backends is not working; your files are still readable."),
                s.summary());
        assertTrue(s.events().stream().anyMatch(e -> e.text().contains("stopped answering")), s.events().toString());

        backends.servers.get(4).close();
        backends.servers.get(3).close(); // three of six data backends down: k=4 cannot be met
        s = awaitStatus(st -> st.driveState() == DriveState.ERROR);
        assertEquals(DriveState.ERROR, s.driveState());
        assertTrue(s.summary().startsWith("Files cannot be read or stored: only 3 data backends work"), s.summary());
    }

    @Test
    void versionsNeedAMountedDriveAndSayWhy() throws Exception {
        ControlException e = assertThrows(ControlException.class, () -> client().versions("/docs/a.txt"));
        assertEquals(409, e.httpStatus());
        assertTrue(e.getMessage().contains("without a mounted drive"), e.getMessage());
        e = assertThrows(ControlException.class, () -> client().post("/v1/restore-version", "not an object",
                ActionResult.class));
        assertEquals(400, e.httpStatus(), e.getMessage());
    }

    @Test
    void pauseAndResume() throws Exception {
        assertTrue(client().pause().ok());
        assertTrue(client().status().paused());
        assertTrue(client().pause().message().contains("already"));
        assertTrue(client().resume().ok());
        assertFalse(client().status().paused());
        assertTrue(client().status().events().stream().anyMatch(e -> e.text().startsWith("Uploads paused")));
    }

    @Test
    void withoutTheKeyScrubIsNotAvailableAndRepairSaysWhy() throws Exception {
        ControlException e = assertThrows(ControlException.class, () -> client().scrub());
        assertEquals(501, e.httpStatus());
        assertTrue(e.getMessage().contains("qsfs scrub"), e.getMessage());
        StatusDto s = client().status();
        assertFalse(s.activity().available());
        assertTrue(s.activity().repair().contains("no key"), s.activity().toString());
    }

    @Test
    void requestsWithoutTheRightTokenAreRefused() throws Exception {
        OkHttpClient http = new OkHttpClient();
        String base = daemon.endpoint().baseUrl();
        for (String path : new String[] {"/v1/status", "/metrics", "/nothing"}) {
            try (Response r = http.newCall(new Request.Builder().url(base + path).build()).execute()) {
                assertEquals(401, r.code(), path);
                assertFalse(r.body().string().contains("HEALTHY"));
            }
            try (Response r = http.newCall(new Request.Builder().url(base + path)
                    .header("Authorization", "Bearer wrong").build()).execute()) {
                assertEquals(401, r.code(), path);
            }
        }
        ControlEndpoint wrong = new ControlEndpoint(daemon.endpoint().port(), "not-the-token", 0, null);
        ControlException e = assertThrows(ControlException.class, () -> new ControlClient(wrong).pause());
        assertEquals(401, e.httpStatus());
        assertFalse(client().status().paused(), "a refused request changes nothing");
    }

    @Test
    void unknownEndpointAndWrongMethod() throws Exception {
        assertEquals(404, assertThrows(ControlException.class, () -> client().get("/v1/nope", StatusDto.class))
                .httpStatus());
        assertEquals(405, assertThrows(ControlException.class, () -> client().post("/v1/status", StatusDto.class))
                .httpStatus());
    }

    @Test
    void metricsAreValidPrometheusText() throws Exception {
        awaitStatus(st -> st.backends().stream().allMatch(b -> b.health().equals("HEALTHY")));
        backends.servers.get(2).close();
        awaitStatus(st -> st.driveState() == DriveState.DEGRADED && st.backends().stream()
                .anyMatch(b -> b.health().equals("UNREACHABLE")));
        String text = client().metrics();
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\""
                + "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\")*)\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$");
        Map<String, String> types = new HashMap<>();
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                assertTrue(f[3].equals("gauge") || f[3].equals("counter"), line);
                assertTrue(types.put(f[2], f[3]) == null, "TYPE twice: " + line);
                continue;
            }
            if (line.startsWith("# HELP ")) {
                continue;
            }
            Matcher m = sample.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample: " + line);
            assertTrue(types.containsKey(m.group(1)), "sample before its TYPE: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(4)));
        }
        int port2 = backends.servers.get(2).port();
        int port0 = backends.servers.get(0).port();
        assertEquals(0.0, samples.get("qsfs_backend_up{role=\"data\",group=\"site-a\",backend=\"127.0.0.1:" + port2
                + "/default\"}"), text);
        assertEquals(1.0, samples.get("qsfs_backend_up{role=\"data\",group=\"site-a\",backend=\"127.0.0.1:" + port0
                + "/default\"}"), text);
        assertEquals(1.0, samples.get("qsfs_state{state=\"DEGRADED\"}"));
        assertEquals(0.0, samples.get("qsfs_mounted"));
        for (String name : new String[] {"qsfs_backend_used_bytes", "qsfs_backend_shards", "qsfs_upload_queue_bytes",
            "qsfs_repair_shards_repaired_total", "qsfs_cache_hits_total", "qsfs_stored_bytes"}) {
            assertTrue(types.containsKey(name), name);
        }
        assertEquals("counter", types.get("qsfs_cache_hits_total"));
    }

    @Test
    void shutdownOverTheApiStopsTheDaemon() throws Exception {
        assertTrue(client().shutdown().ok());
        Thread t = new Thread(() -> {
            try {
                daemon.awaitStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join(5000);
        assertFalse(t.isAlive());
        assertFalse(Files.exists(endpointFile));
    }
}
