package org.qsfs.zdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.zdb.ZdbMain;

/**
 * A standalone server in its own JVM is killed with SIGKILL in the middle of writes. After a
 * restart every write acknowledged under --sync is there with its value, and a torn tail
 * (bytes of a half-written entry) is cut off without hiding anything acknowledged.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedSyncWriteSurvivesSigkill() throws Exception {
        int port = freePort();
        Process p = startServerProcess(port);
        Map<String, String> acked = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                try (ZdbClient c = new ZdbClient("127.0.0.1", port)) {
                    for (int i = 0; !stop.get(); i++) {
                        String key = "w" + writer + "-" + i;
                        String value = "value-" + key + "-" + "x".repeat(i % 500);
                        c.cmd("SET", key, value);
                        acked.put(key, value);
                    }
                } catch (RuntimeException expected) {
                    // the server died under us
                }
            });
            t.start();
            writers.add(t);
        }
        Thread.sleep(1500);
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor();
        stop.set(true);
        for (Thread t : writers) {
            t.join(10_000);
        }
        assertTrue(acked.size() > 50, "the writers got going before the kill: " + acked.size());

        // a write torn by the crash: half an entry header at the end of the newest files
        tearTail(dir.resolve("data").resolve("default"), "d");
        tearTail(dir.resolve("index").resolve("default"), "i");

        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).build()).start();
             ZdbClient c = new ZdbClient(server)) {
            for (Map.Entry<String, String> e : acked.entrySet()) {
                assertEquals(e.getValue(), c.str("GET", e.getKey()), e.getKey());
            }
            long size = c.num("DBSIZE");
            assertTrue(size >= acked.size() && size <= acked.size() + 4, "at most the in-flight writes extra: " + size);
            assertEquals("after-crash", c.str("SET", "after-crash", "ok"));
        }
        // and again: the repaired files open cleanly
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).build()).start();
             ZdbClient c = new ZdbClient(server)) {
            assertEquals("ok", c.str("GET", "after-crash"));
        }
    }

    private static void tearTail(Path nsDir, String prefix) throws IOException {
        Path newest;
        try (Stream<Path> files = Files.list(nsDir)) {
            newest = files.filter(f -> f.getFileName().toString().matches(prefix + "[0-9]+"))
                    .max(java.util.Comparator.comparingLong(f -> Long.parseLong(f.getFileName().toString().substring(1))))
                    .orElseThrow();
        }
        Files.write(newest, new byte[] {7, 0, 0, 0, 0, 42}, StandardOpenOption.APPEND);
    }

    private Process startServerProcess(int port) throws Exception {
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ZdbMain.class.getName(),
                "--listen", "127.0.0.1", "--port", Integer.toString(port),
                "--data", dir.resolve("data").toString(), "--index", dir.resolve("index").toString(),
                "--sync");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new AssertionError("server exited: " + Files.readString(dir.resolve("server.log")));
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("server did not start: " + Files.readString(dir.resolve("server.log")));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
