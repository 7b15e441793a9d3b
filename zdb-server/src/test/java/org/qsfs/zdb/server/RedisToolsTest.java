package org.qsfs.zdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * redis-cli and redis-benchmark (Debian redis-tools, installed by .ci/run) work against the
 * server unchanged. Outside CI the test is skipped when the tools are missing; in CI it fails.
 */
class RedisToolsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void toolsPresent() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/redis-cli"))
                && Files.isExecutable(Path.of("/usr/bin/redis-benchmark"));
        if (System.getenv("CI") != null) {
            assertTrue(present, "CI must install redis-tools (see .ci/run)");
        }
        assumeTrue(present, "redis-tools not installed");
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void redisCli() throws Exception {
        try (ZdbServer s = new ZdbServer(ZdbConfig.embedded(dir).build()).start()) {
            String port = Integer.toString(s.port());
            assertEquals("PONG", run("redis-cli", "-p", port, "PING").trim());
            assertEquals("hello", run("redis-cli", "-p", port, "SET", "hello", "world").trim());
            assertEquals("world", run("redis-cli", "-p", port, "GET", "hello").trim());
            assertEquals("OK", run("redis-cli", "-p", port, "NSNEW", "cli").trim());
            assertTrue(run("redis-cli", "-p", port, "NSINFO", "cli").contains("name: cli"));
            assertTrue(run("redis-cli", "-p", port, "GET", "x".repeat(300)).contains("Invalid key"));
        }
    }

    @Test
    void redisBenchmarkSetGet() throws Exception {
        try (ZdbServer s = new ZdbServer(ZdbConfig.embedded(dir).build()).start()) {
            List<String> cmd = new ArrayList<>(List.of("redis-benchmark", "-p", Integer.toString(s.port()),
                    "-t", "set,get", "-n", "20000", "-c", "20", "-P", "16", "-d", "4096", "-r", "1000", "-q"));
            String out = run(cmd.toArray(String[]::new));
            assertTrue(out.contains("SET:") && out.contains("GET:"), out);
            assertTrue(!out.contains("ERR") && !out.contains("rror"), out);
            try (ZdbClient c = new ZdbClient(s)) {
                long keys = c.num("DBSIZE");
                assertTrue(keys > 100 && keys <= 1000, "random keys were written: " + keys);
            }
        }
    }
}
