package org.qsfs.mount.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.crypto.RecoveryPhrase;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.VolumeOptions;
import org.qsfs.engine.object.BackendSpec;
import org.qsfs.engine.object.EngineSettings;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.zdb.BackendAddress;
import org.qsfs.engine.zdb.ZdbAdmin;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.server.ZdbServer;

/**
 * A real QSFS volume for the mount tests, as {@code qsfs demo} makes one: six embedded
 * zdb-servers on loopback (each with a data and a metadata namespace), a master key kept in
 * {@code dir/key.txt}, k=4 m=2, and the volume's SQLite state and cache under
 * {@code dir/state} (cache limit 1 GiB, or {@code -Dqsfs.demo.cacheMiB=N}). Starting again on the same directory reopens the same volume.
 */
public final class DemoVolume implements AutoCloseable {
    public static final int BACKENDS = 6;
    private static final String ADMIN = "demo-admin";

    private final List<ZdbServer> servers = new ArrayList<>();
    private StorageEngine engine;
    private FsVolume volume;

    private DemoVolume() {
    }

    public static DemoVolume start(Path dir) throws Exception {
        // -Dqsfs.demo.blockKiB=N: the block size (default 1 MiB; bench/mount/run.sh passes the drive's default)
        return start(dir, VolumeOptions.defaults(dir.resolve("state")).withCache(Long.getLong("qsfs.demo.cacheMiB", 1024L) << 20, 0)
                .withBlockSize(Integer.getInteger("qsfs.demo.blockKiB", 1024) * 1024).withOwner(0, 0));
    }

    public static DemoVolume start(Path dir, VolumeOptions options) throws Exception {
        DemoVolume d = new DemoVolume();
        try {
            d.open(dir, options);
            return d;
        } catch (Exception e) {
            d.close();
            throw e;
        }
    }

    private void open(Path dir, VolumeOptions options) throws Exception {
        Files.createDirectories(dir);
        List<BackendSpec> data = new ArrayList<>();
        List<BackendSpec> meta = new ArrayList<>();
        for (int i = 0; i < BACKENDS; i++) {
            ZdbServer s = new ZdbServer(ZdbConfig.embedded(dir.resolve("zdb" + i)).mode(ZdbConfig.Mode.MIXED)
                    .adminPassword(ADMIN).build()).start();
            servers.add(s);
            BackendAddress d = new BackendAddress("127.0.0.1", s.port(), "data", "data-pw-" + i);
            BackendAddress m = new BackendAddress("127.0.0.1", s.port(), "meta", "meta-pw-" + i);
            try (ZdbAdmin admin = ZdbAdmin.connect("127.0.0.1", s.port(), ADMIN)) {
                admin.provision(d, ZdbAdmin.Mode.USER, 0, false);
                admin.provision(m, ZdbAdmin.Mode.USER, 0, false);
            }
            data.add(BackendSpec.user("b" + i, "site" + (i % 3), d));
            meta.add(BackendSpec.user("m" + i, "site" + (i % 3), m));
        }
        MasterKey key = key(dir.resolve("key.txt"));
        EngineSettings settings = EngineSettings.defaults(4, 2).withBlockSize(options.blockSize())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10));
        engine = StorageEngine.open(key, data, meta, settings);
        volume = FsVolume.open(options, engine);
        if (Boolean.getBoolean("qsfs.demo.uploadsPaused")) {
            volume.uploads().pause(); // a benchmark of the local path alone (what uploads cost it)
        }
    }

    private static MasterKey key(Path file) throws Exception {
        if (Files.exists(file)) {
            return RecoveryPhrase.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
        }
        MasterKey k = MasterKey.generate();
        Files.writeString(file, RecoveryPhrase.of(k), StandardCharsets.UTF_8);
        return k;
    }

    public FsOperations fs() {
        return volume.fs();
    }

    public FsVolume volume() {
        return volume;
    }

    @Override
    public void close() {
        if (volume != null) {
            volume.close();
            volume = null;
        }
        if (engine != null) {
            try {
                engine.close();
            } catch (Exception e) {
                // closing anyway
            }
            engine = null;
        }
        for (ZdbServer s : servers) {
            try {
                s.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        servers.clear();
    }

    /** Closes everything and ignores IOException, for AutoCloseable chains. */
    public AutoCloseable closer() {
        return this::close;
    }

    static void deleteQuietly(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
