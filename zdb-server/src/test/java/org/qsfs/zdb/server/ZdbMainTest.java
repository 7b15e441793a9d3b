package org.qsfs.zdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.zdb.ZdbMain;

/** The standalone server's command line, run as a separate JVM like a user runs it. */
class ZdbMainTest {
    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ZdbMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command timed out");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void helpVersionAndBadFlags() throws Exception {
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.output().contains("--datasize"), help.output());
        Run version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.output().contains("0-db compatible"), version.output());
        Run unknown = run("--blabla");
        assertTrue(unknown.exit() != 0);
        Run tiny = run("--datasize", "32", "--data", dir.resolve("d").toString(), "--index", dir.resolve("i").toString());
        assertEquals(1, tiny.exit());
        assertTrue(tiny.output().contains("smaller"), tiny.output());
        Run mode = run("--mode", "weird");
        assertEquals(1, mode.exit());
        assertTrue(mode.output().contains("'user' or 'seq'"), mode.output());
    }

    @Test
    void backgroundServesThenDumpReadsTheFiles() throws Exception {
        int port = CrashRecoveryTest.freePort();
        Path log = dir.resolve("zdb.log");
        String data = dir.resolve("data").toString();
        String index = dir.resolve("index").toString();
        Run bg = run("--background", "--logfile", log.toString(), "--listen", "127.0.0.1",
                "--port", Integer.toString(port), "--data", data, "--index", index);
        assertEquals(0, bg.exit(), bg.output());
        Matcher m = Pattern.compile("pid (\\d+)").matcher(bg.output());
        assertTrue(m.find(), bg.output());
        ProcessHandle child = ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow();
        try (ZdbClient c = new ZdbClient("127.0.0.1", port)) {
            assertEquals("k", c.str("SET", "k", "v"));
        } finally {
            child.destroy(); // SIGTERM: a clean shutdown
            child.onExit().get(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.readString(log).contains("listening"), "the log file receives the output");
        Run dump = run("--dump", "--data", data, "--index", index);
        assertEquals(0, dump.exit(), dump.output());
        assertTrue(dump.output().contains("namespace default: mode userkey, 1 entries"), dump.output());
    }
}
