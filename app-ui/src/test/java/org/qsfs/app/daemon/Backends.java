package org.qsfs.app.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.BackendGroup;
import org.qsfs.engine.config.CacheConfig;
import org.qsfs.engine.config.HostPort;
import org.qsfs.engine.config.MetadataConfig;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.config.Timeouts;
import org.qsfs.engine.zdb.ZdbAdmin;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.server.ZdbServer;

/** Six real zdb-servers on loopback in two sites (k=4 m=2), metadata 2+2 in a second namespace. For tests. */
public final class Backends implements AutoCloseable {
    public final List<ZdbServer> servers = new ArrayList<>();
    public final QsfsConfig config;

    public Backends(Path dir) throws Exception {
        List<BackendConfig> meta = new ArrayList<>();
        List<BackendConfig> a = new ArrayList<>();
        List<BackendConfig> b = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ZdbServer s = new ZdbServer(ZdbConfig.embedded(dir.resolve("zdb" + i)).build()).start();
            servers.add(s);
            HostPort hp = new HostPort("127.0.0.1", s.port());
            (i < 3 ? a : b).add(new BackendConfig(hp, "default", null));
            if (i < 4) {
                try (ZdbAdmin admin = ZdbAdmin.connect("127.0.0.1", s.port(), null)) {
                    admin.ensureNamespace("meta");
                }
                meta.add(new BackendConfig(hp, "meta", null));
            }
        }
        config = new QsfsConfig(4, 2, 0, 1 << 20, dir.resolve("qsfs.key"), List.of(new BackendGroup("site-a", a),
                new BackendGroup("site-b", b)), new MetadataConfig(2, 2, meta), new CacheConfig(dir.resolve("cache"),
                1L << 30), new Timeouts(Duration.ofMillis(500), Duration.ofSeconds(2)));
    }

    /** A namespace with a password on server {@code i}. */
    public void passwordNamespace(int i, String ns, String password) throws IOException {
        try (ZdbAdmin admin = ZdbAdmin.connect("127.0.0.1", servers.get(i).port(), null)) {
            admin.ensureNamespace(ns);
            admin.setPassword(ns, password);
        }
    }

    @Override
    public void close() {
        servers.forEach(ZdbServer::close);
    }
}
