package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.object.BackendSpec;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.store.ZdbCluster;
import org.qsfs.engine.zdb.BackendAddress;

/**
 * The SIGKILL crash harness: starts a writer in a separate JVM on the test's volume, lets it
 * run for a random moment once it is ready, kills it with SIGKILL and hands back what it
 * printed (the writer announces each fsync on stdout). Both sides are here: the writer opens
 * the volume with {@link #openVolume} from the arguments {@link #killOnce} gives it (state
 * dir, key hex, the scenario's argument, six ports).
 */
final class CrashHarness {

    /**
     * A scenario's writer process.
     *
     * @param main       its class, with a {@code main}
     * @param ready      the line after which it may be killed
     * @param readyWithin how long it may take to print that line
     * @param minRunMs   it runs at least this long after it is ready...
     * @param extraRunMs ...plus a random part of this
     */
    record Writer(Class<?> main, Predicate<String> ready, Duration readyWithin, int minRunMs, int extraRunMs) {
    }

    private final VolumeCluster cluster;
    private final Path state;
    private final Random random = new Random();

    CrashHarness(VolumeCluster cluster, Path state) {
        this.cluster = cluster;
        this.state = state;
    }

    /** The volume options of both sides: small blocks, a small cache, quick uploads and journal. */
    static VolumeOptions options(Path state) {
        return VolumeOptions.defaults(state).withBlockSize(256 * 1024).withCache(64L << 20, 0)
                .withUploads(2, Duration.ofMillis(100), 0).withJournal(Duration.ofMillis(300), Duration.ofSeconds(2));
    }

    /** Runs {@code writer} with {@code arg} until a random moment after it is ready, kills it with SIGKILL; returns its output lines. */
    List<String> killOnce(Writer writer, String arg) throws Exception {
        // the SQLite driver unpacks its native library (1 MB) into the temporary directory and a
        // killed JVM never deletes it: into the test's directory, removed with it, not /tmp
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-Dorg.sqlite.tmpdir=" + state.getParent(), "-cp",
                System.getProperty("java.class.path"),
                writer.main().getName(), state.toString(), HexFormat.of().formatHex(cluster.keyBytes), arg));
        for (int i = 0; i < 6; i++) {
            cmd.add(Integer.toString(cluster.zdb.port(i)));
        }
        // its log (stderr) is kept beside the state: a failed check quotes its warnings
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log(arg).toFile())).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (writer.ready().test(l)) {
                        ready.countDown();
                    }
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the process died
            }
        });
        reader.start();
        assertTrue(ready.await(writer.readyWithin().toMillis(), TimeUnit.MILLISECONDS),
                writer.main().getSimpleName() + " was not ready within " + writer.readyWithin());
        Thread.sleep(writer.minRunMs() + random.nextInt(writer.extraRunMs()));
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        reader.join();
        return lines;
    }

    /** Where the writer run with {@code arg} logs (its stderr, appended to by every run with that argument). */
    Path log(String arg) {
        return state.resolveSibling("writer-" + arg + ".log");
    }

    /** The writer's log lines (run with {@code arg}) that tell of trouble (warnings, errors, exceptions) or of the cache. */
    List<String> warnings(String arg) {
        try {
            return java.nio.file.Files.readAllLines(log(arg), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Exception")
                            || l.contains("engine.cache") || l.contains("engine.fs"))
                    .limit(40).toList();
        } catch (IOException e) {
            return List.of("(no log: " + e + ")");
        }
    }

    /** In the writer process: the volume over the test's zdb-servers, from the harness's arguments. */
    static FsVolume openVolume(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        MasterKey key = MasterKey.fromBytes(HexFormat.of().parseHex(args[1]));
        List<BackendSpec> data = new ArrayList<>();
        List<BackendSpec> meta = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int port = Integer.parseInt(args[3 + i]);
            data.add(BackendSpec.user(ZdbCluster.id(i), "site" + (i % 3), new BackendAddress("127.0.0.1", port,
                    ZdbCluster.DATA_NS, ZdbCluster.password(ZdbCluster.DATA_NS, i))));
            meta.add(BackendSpec.user("m" + i, "site" + (i % 3), new BackendAddress("127.0.0.1", port,
                    ZdbCluster.META_NS, ZdbCluster.password(ZdbCluster.META_NS, i))));
        }
        StorageEngine engine = StorageEngine.open(key, data, meta, VolumeCluster.settings());
        return FsVolume.open(options(state), engine);
    }

    /** In the writer process: the scenario's argument. */
    static String scenarioArg(String[] args) {
        return args[2];
    }
}
