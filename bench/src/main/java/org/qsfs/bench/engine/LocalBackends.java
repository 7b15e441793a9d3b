package org.qsfs.bench.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.object.BackendSpec;
import org.qsfs.engine.zdb.BackendAddress;
import org.qsfs.engine.zdb.ZdbAdmin;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.server.ZdbServer;

/** N zdb-servers on loopback under one directory: data in "default", metadata in "meta". */
final class LocalBackends implements AutoCloseable {
    static final String META_NS = "meta";
    private final List<ZdbServer> servers = new ArrayList<>();

    LocalBackends(Path dir, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            ZdbServer s = new ZdbServer(ZdbConfig.embedded(dir.resolve("zdb" + i)).build()).start();
            servers.add(s);
            try (ZdbAdmin admin = ZdbAdmin.connect("127.0.0.1", s.port(), null)) {
                admin.ensureNamespace(META_NS);
            }
        }
    }

    List<BackendSpec> data() {
        return specs("d", "default");
    }

    List<BackendSpec> metadata() {
        return specs("m", META_NS);
    }

    private List<BackendSpec> specs(String prefix, String ns) {
        List<BackendSpec> out = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            out.add(BackendSpec.user(prefix + i, "site" + (i % 3),
                    new BackendAddress("127.0.0.1", servers.get(i).port(), ns, null)));
        }
        return out;
    }

    @Override
    public void close() {
        servers.forEach(ZdbServer::close);
    }
}
