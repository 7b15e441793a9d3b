package org.qsfs.app.daemon;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.BackendGroup;
import org.qsfs.engine.config.CacheConfig;
import org.qsfs.engine.config.ConfigException;
import org.qsfs.engine.config.ConfigLoader;
import org.qsfs.engine.config.ConfigWriter;
import org.qsfs.engine.config.HostPort;
import org.qsfs.engine.config.MetadataConfig;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.config.Timeouts;
import org.qsfs.engine.zdb.ZdbAdmin;
import org.qsfs.engine.zdb.ZdbException;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.server.ZdbServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo volume's six embedded zdb-servers on loopback, under one directory, and its
 * configuration: k=4, m=2 over the six "default" namespaces, metadata 2+2 in a "qsfs-meta"
 * namespace on four of them. The first start picks free ports and writes qsfs.toml; later
 * starts read the ports back from it, so the same volume reopens.
 */
public final class DemoBackends implements AutoCloseable {
    public static final int SERVERS = 6;
    static final String META_NAMESPACE = "qsfs-meta";
    private static final Logger log = LoggerFactory.getLogger(DemoBackends.class);

    private final Path dir;
    private final List<ZdbServer> servers;
    private final QsfsConfig config;
    private final boolean created;

    private DemoBackends(Path dir, List<ZdbServer> servers, QsfsConfig config, boolean created) {
        this.dir = dir;
        this.servers = servers;
        this.config = config;
        this.created = created;
    }

    public static Path configFile(Path dir) {
        return dir.resolve("qsfs.toml");
    }

    public static Path keyFile(Path dir) {
        return dir.resolve("qsfs.key");
    }

    /** Starts the six servers in {@code dir}: new ones with a new configuration, or the ones recorded there. */
    public static DemoBackends start(Path dir) throws IOException, ConfigException {
        Files.createDirectories(dir);
        Path toml = configFile(dir);
        if (Files.exists(toml)) {
            QsfsConfig c = new ConfigLoader(dir).load(toml);
            List<ZdbServer> started = new ArrayList<>();
            try {
                List<BackendConfig> data = c.dataBackends();
                for (int i = 0; i < data.size(); i++) {
                    started.add(startServer(dir, i, data.get(i).address().port()));
                }
            } catch (IOException | RuntimeException e) {
                started.forEach(ZdbServer::close);
                throw e;
            }
            return new DemoBackends(dir, started, c, false);
        }
        List<ZdbServer> started = new ArrayList<>();
        try {
            for (int i = 0; i < SERVERS; i++) {
                started.add(startServer(dir, i, 0));
            }
            List<BackendConfig> data = new ArrayList<>();
            List<BackendConfig> meta = new ArrayList<>();
            for (int i = 0; i < SERVERS; i++) {
                HostPort hp = new HostPort("127.0.0.1", started.get(i).port());
                data.add(new BackendConfig(hp, BackendConfig.DEFAULT_NAMESPACE, null));
                if (i < 4) {
                    try (ZdbAdmin admin = ZdbAdmin.connect(hp.host(), hp.port(), null)) {
                        admin.ensureNamespace(META_NAMESPACE);
                    }
                    meta.add(new BackendConfig(hp, META_NAMESPACE, null));
                }
            }
            QsfsConfig c = new QsfsConfig(4, 2, 0, QsfsConfig.DEFAULT_BLOCK_SIZE, keyFile(dir), List.of(new BackendGroup("this-computer",
                    data)), new MetadataConfig(2, 2, meta), new CacheConfig(dir.resolve("cache"), 1L << 30),
                    new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)));
            ConfigWriter.write(toml, c, List.of("The QSFS demo volume: six local zdb-servers started by `qsfs demo`.",
                    "Their data is in zdb/0 .. zdb/5 next to this file."), false);
            log.info("demo volume created in {}", dir);
            return new DemoBackends(dir, started, new ConfigLoader(dir).load(toml), true);
        } catch (ZdbException e) {
            started.forEach(ZdbServer::close);
            throw new IOException("cannot create the demo metadata namespaces: " + e.getMessage(), e);
        } catch (IOException | ConfigException | RuntimeException e) {
            started.forEach(ZdbServer::close);
            throw e;
        }
    }

    private static ZdbServer startServer(Path dir, int i, int port) throws IOException {
        ZdbConfig zc = ZdbConfig.embedded(dir.resolve("zdb/" + i)).port(port).sync(true).build();
        try {
            return new ZdbServer(zc).start();
        } catch (BindException e) {
            throw new IOException("demo backend " + i + " cannot listen on 127.0.0.1:" + port + " again ("
                    + e.getMessage() + "); is another `qsfs demo` running? Stop it, or free the port", e);
        }
    }

    public QsfsConfig config() {
        return config;
    }

    public Path configFile() {
        return configFile(dir);
    }

    /** Whether this start created the volume (as opposed to reopening it). */
    public boolean created() {
        return created;
    }

    public List<ZdbServer> servers() {
        return servers;
    }

    @Override
    public void close() {
        for (ZdbServer s : servers) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("stopping a demo backend failed: {}", e.toString());
            }
        }
    }
}
