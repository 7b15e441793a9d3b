package org.qsfs.app.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.app.control.ActionResult;
import org.qsfs.app.control.BackendDto;
import org.qsfs.app.control.ControlClient;
import org.qsfs.app.control.ControlException;
import org.qsfs.app.control.StatusDto;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.events.ScrubProgress;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.StoreBackend;

/**
 * The daemon with the volume's key (no mount in this JVM) runs the engine's repair service:
 * scrubs through the control API, its counters in status and metrics, backend health from the
 * repair monitor. Six real zdb-servers, k=4 m=2.
 */
class DaemonRepairTest {
    @TempDir
    Path dir;
    Backends backends;
    Daemon daemon;
    Path endpointFile;
    final Map<String, byte[]> stored = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        backends = new Backends(dir);
        endpointFile = dir.resolve("config/daemon.json");
        daemon = Daemon.start(new DaemonOptions(backends.config, dir.resolve("qsfs.toml"), endpointFile, false, null,
                Duration.ofMillis(200)).withKey(MasterKey.generate()));
        Random random = new Random(5);
        for (int i = 0; i < 3; i++) {
            byte[] data = new byte[(1 << 20) * (i + 1) + 1234 * i];
            random.nextBytes(data);
            engine().objects().store("files/f" + i, new ByteArrayInputStream(data));
            stored.put("files/f" + i, data);
        }
    }

    @AfterEach
    void stop() {
        daemon.close();
        backends.close();
    }

    StorageEngine engine() {
        return daemon.engine();
    }

    ControlClient client() throws Exception {
        return ControlClient.forFile(endpointFile);
    }

    StatusDto awaitStatus(String what, Predicate<StatusDto> p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        StatusDto s = client().status();
        while (!p.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; last status: " + s);
            }
            Thread.sleep(50);
            s = client().status();
        }
        return s;
    }

    int serverOf(String backendId) {
        for (int i = 0; i < backends.servers.size(); i++) {
            if (backendId.equals("127.0.0.1:" + backends.servers.get(i).port() + "/default")) {
                return i;
            }
        }
        throw new AssertionError("no server for " + backendId);
    }

    Map<String, Double> metrics() throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (String line : client().metrics().split("\n")) {
            if (!line.startsWith("#") && !line.contains("{")) {
                String[] f = line.split(" ");
                out.put(f[0], Double.parseDouble(f[1]));
            }
        }
        return out;
    }

    /** Pauses the next scrub at its first progress report until {@code release} counts down. */
    CountDownLatch holdScrub(CountDownLatch release) {
        CountDownLatch held = new CountDownLatch(1);
        daemon.repair().events().subscribe(e -> {
            if (e instanceof ScrubProgress && held.getCount() > 0) {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        return held;
    }

    /** Flips one byte in the middle of {@code shard} where it sits in {@code file}. */
    static void flipInside(Path file, byte[] shard) throws Exception {
        byte[] content = Files.readAllBytes(file);
        byte[] probe = Arrays.copyOfRange(shard, 0, 64);
        for (int i = 0; i + shard.length <= content.length; i++) {
            if (Arrays.equals(content, i, i + probe.length, probe, 0, probe.length)) {
                int pos = i + shard.length / 2;
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(new byte[] {(byte) (content[pos] ^ 0x5A)}), pos);
                    ch.force(true);
                }
                return;
            }
        }
        throw new AssertionError("shard not found in " + file);
    }

    @Test
    void aScrubThroughTheApiFindsAndRepairsACorruptedShard() throws Exception {
        String path = "files/f2";
        BlockRef victim = engine().objects().manifest(path).blocks().get(1);
        int shard = 2;
        ShardLocation bad = victim.shard(shard);
        StoreBackend holder = engine().dataBackends().get(bad.backendId());
        byte[] bytes = holder.namespace().get(engine().blocks().keyOf(victim.blockId(), shard, bad));
        flipInside(dir.resolve("zdb" + serverOf(bad.backendId())).resolve("data/default/d0"), bytes);
        Map<String, Double> before = metrics();
        assertEquals(0.0, before.get("qsfs_repair_shards_repaired_total"));
        assertEquals(0.0, before.get("qsfs_scrubs_completed_total"));

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = holdScrub(release);
        ActionResult started = client().scrub();
        assertTrue(started.ok(), started.message());
        assertTrue(held.await(20, TimeUnit.SECONDS), "the scrub reports progress");

        // While it runs: a second request is refused with 409 and a clear message, status and metrics show it.
        ControlException busy = assertThrows(ControlException.class, () -> client().scrub());
        assertEquals(409, busy.httpStatus());
        assertTrue(busy.getMessage().contains("already running"), busy.getMessage());
        StatusDto running = client().status();
        assertTrue(running.activity().scrubRunning(), running.activity().toString());
        assertTrue(running.activity().scrub().startsWith("checking "), running.activity().scrub());
        assertEquals(1.0, metrics().get("qsfs_scrub_running"));
        release.countDown();

        StatusDto s = awaitStatus("the scrub and its rebuild are done", st -> st.activity().scrubsCompleted() == 1
                && !st.activity().scrubRunning());
        assertEquals(1, s.activity().shardsRepaired(), s.activity().toString());
        assertEquals(1, s.activity().scrubProblems());
        assertEquals(0, s.activity().repairFailures());
        assertEquals(0, s.activity().blocksWaiting());
        assertEquals(3, s.activity().scrubObjectsDone());
        assertTrue(s.activity().available());
        assertTrue(s.activity().scrub().contains("found 1 bad shard"), s.activity().scrub());
        assertTrue(s.events().stream().anyMatch(e -> e.text().startsWith("Scrub finished: 3 objects")
                && e.text().contains("1 bad shard found; 1 shard rebuilt")), s.events().toString());

        Map<String, Double> after = metrics();
        assertEquals(1.0, after.get("qsfs_repair_shards_repaired_total"));
        assertEquals(1.0, after.get("qsfs_scrubs_completed_total"));
        assertEquals(1.0, after.get("qsfs_scrub_problems_found_total"));
        assertEquals(0.0, after.get("qsfs_repair_failures_total"));
        assertEquals(0.0, after.get("qsfs_repair_blocks_waiting"));
        assertEquals(0.0, after.get("qsfs_scrub_running"));
        assertEquals(3.0, after.get("qsfs_scrub_objects_checked"));
        assertTrue(after.get("qsfs_scrub_shards_checked_total") >= 6 * 6, after.toString());

        // Six backends for six shards: nowhere else to go, so it was rewritten in place, byte-identical.
        BlockRef now = engine().objects().manifest(path).blocks().get(1);
        ShardLocation loc = now.shard(shard);
        assertArrayEquals(bytes, engine().dataBackends().get(loc.backendId()).namespace()
                .get(engine().blocks().keyOf(now.blockId(), shard, loc)), "the rebuilt shard is the original");
        for (Map.Entry<String, byte[]> e : stored.entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            engine().objects().retrieve(e.getKey(), out);
            assertArrayEquals(e.getValue(), out.toByteArray(), e.getKey());
        }

        // Another scrub may start now, and finds nothing.
        assertTrue(client().scrub().ok());
        s = awaitStatus("the second scrub is done", st -> st.activity().scrubsCompleted() == 2
                && !st.activity().scrubRunning());
        assertEquals(0, s.activity().scrubProblems());
        assertEquals(1, s.activity().shardsRepaired());
    }

    @Test
    void scrubAnswers202AcceptedOverHttp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holdScrub(release);
        OkHttpClient http = new OkHttpClient();
        Request post = new Request.Builder().url(daemon.endpoint().baseUrl() + "/v1/scrub")
                .header("Authorization", "Bearer " + daemon.endpoint().token())
                .post(RequestBody.create(new byte[0], null)).build();
        try (Response r = http.newCall(post).execute()) {
            assertEquals(202, r.code());
            assertTrue(r.body().string().contains("\"ok\":true"));
        }
        try (Response r = http.newCall(post).execute()) {
            assertEquals(409, r.code());
            assertTrue(r.body().string().contains("a scrub is already running"));
        }
        release.countDown();
    }

    @Test
    void aStoppedBackendShowsAsUnreachableViaTheRepairMonitor() throws Exception {
        awaitStatus("every backend is checked healthy", st -> st.backends().stream()
                .allMatch(b -> b.health().equals("HEALTHY")));
        StatusDto s = client().status();
        assertEquals(10, s.backends().size());
        assertTrue(s.backends().stream().allMatch(b -> b.latencyMs() >= 0 && b.usedBytes() >= 0 && b.shards() >= 0),
                s.backends().toString());

        String id = "127.0.0.1:" + backends.servers.get(5).port() + "/default";
        backends.servers.get(5).close();
        s = awaitStatus("the stopped backend is unreachable", st -> st.backends().stream()
                .anyMatch(b -> b.id().equals(id) && b.health().equals("UNREACHABLE")));
        BackendDto row = s.backends().stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
        assertFalse(row.reason().isEmpty());
        assertFalse(row.reason().startsWith("127.0.0.1:"), "the address is not repeated: " + row.reason());
        assertEquals(-1, row.latencyMs());
        assertEquals("DEGRADED", s.state());
        // The same monitor feeds the engine's registry, which placement and reads use.
        assertEquals(Health.UNREACHABLE, engine().dataBackends().get(id).health());
        assertNotNull(daemon.repair().monitor().vitals("data", id).lastError());
        StatusDto last = s;
        assertTrue(awaitStatus("the event log says so", st -> st.events().stream()
                .anyMatch(e -> e.text().contains(id) && e.text().contains("stopped answering"))) != null,
                last.events().toString());
    }

    @Test
    void closingTheDaemonStopsARunningScrub() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = holdScrub(release);
        assertTrue(client().scrub().ok());
        assertTrue(held.await(20, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        daemon.close(); // interrupts the scrub; nobody releases it
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "closed promptly");
        assertFalse(Files.exists(endpointFile));
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith(
                "qsfs-daemon-scrub") && t.isAlive()), "the scrub thread ended");
    }
}
