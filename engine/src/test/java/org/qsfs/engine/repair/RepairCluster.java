package org.qsfs.engine.repair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.NamespaceMode;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.store.ZdbClusterFiles;
import org.qsfs.engine.zdb.BackendAddress;
import org.qsfs.engine.zdb.ZdbAdmin;
import org.qsfs.engine.zdb.ZdbClient;
import org.qsfs.engine.zdb.ZdbConnector;
import org.qsfs.engine.zdb.ZdbException;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.server.ZdbServer;

/**
 * Real zdb-servers on loopback for the repair tests: each with a user-mode data namespace
 * and a metadata namespace, private with a password. A server can be stopped, wiped, and
 * started again on its old port (re-provisioned when wiped).
 */
final class RepairCluster implements AutoCloseable {
    static final String ADMIN = "admin-secret";
    static final String DATA = "data";
    static final String META = "meta";

    private final Path root;
    private final ZdbServer[] servers;
    private final int[] ports;
    private final List<ZdbClient> clients = new ArrayList<>();
    private final ZdbConnector connector = ZdbConnector.builder().connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(3)).backoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .buildConnector();

    RepairCluster(Path root, int n) {
        this.root = root;
        this.servers = new ZdbServer[n];
        this.ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                start(i);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        return servers.length;
    }

    static String id(int i) {
        return "b" + i;
    }

    static int index(String id) {
        return Integer.parseInt(id.substring(1));
    }

    Path dir(int i) {
        return root.resolve("zdb" + i);
    }

    /** The first data file of the data namespace of server {@code i}. */
    Path dataFile(int i) {
        return dir(i).resolve("data").resolve(DATA).resolve("d0");
    }

    BackendAddress address(String ns, int i) {
        return new BackendAddress("127.0.0.1", ports[i], ns, ns + "-pw-" + i);
    }

    /** Starts server {@code i} (on its old port when it ran before) and makes sure its namespaces exist. */
    void start(int i) throws IOException {
        ZdbConfig.Builder cfg = ZdbConfig.embedded(dir(i)).mode(ZdbConfig.Mode.MIXED).adminPassword(ADMIN)
                .datasize(ZdbConfig.MIN_DATASIZE * 64);
        if (ports[i] != 0) {
            cfg.port(ports[i]);
        }
        servers[i] = new ZdbServer(cfg.build()).start();
        ports[i] = servers[i].port();
        try (ZdbAdmin admin = admin(i)) {
            admin.provision(address(DATA, i), ZdbAdmin.Mode.USER, 0, false);
            admin.provision(address(META, i), ZdbAdmin.Mode.USER, 0, false);
        }
    }

    void stop(int i) {
        if (servers[i] != null) {
            servers[i].close();
            servers[i] = null;
        }
    }

    /** Stops server {@code i} and deletes everything it stored. */
    void destroy(int i) throws IOException {
        stop(i);
        try (Stream<Path> s = Files.walk(dir(i))) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    ZdbAdmin admin(int i) throws ZdbException {
        return ZdbAdmin.connect("127.0.0.1", ports[i], ADMIN);
    }

    synchronized ZdbClient client(BackendAddress a) {
        ZdbClient c = connector.open(a);
        clients.add(c);
        return c;
    }

    StoreBackend dataBackend(int i) {
        return new StoreBackend(id(i), "site" + (i % 3), client(address(DATA, i)), NamespaceMode.USER);
    }

    List<StoreBackend> dataBackends(int... skip) {
        List<StoreBackend> out = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            final int x = i;
            if (Arrays.stream(skip).noneMatch(s -> s == x)) {
                out.add(dataBackend(i));
            }
        }
        return out;
    }

    List<StoreBackend> metadataBackends() {
        List<StoreBackend> out = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            out.add(new StoreBackend("m" + i, "site" + (i % 3), client(address(META, i)), NamespaceMode.USER));
        }
        return out;
    }

    /** Rots shard {@code shard} of {@code ref}: flips a byte of it where its backend stores it; returns where that is. */
    ShardLocation rot(StorageEngine engine, BlockRef ref, int shard) throws IOException {
        ShardLocation bad = ref.shard(shard);
        StoreBackend holder = engine.dataBackends().get(bad.backendId());
        byte[] bytes = holder.namespace().get(engine.blocks().keyOf(ref.blockId(), shard, bad));
        ZdbClusterFiles.flipInside(dataFile(index(bad.backendId())), bytes);
        return bad;
    }

    @Override
    public synchronized void close() {
        for (ZdbClient c : clients) {
            c.close();
        }
        clients.clear();
        for (int i = 0; i < servers.length; i++) {
            stop(i);
        }
    }
}
