package org.qsfs.engine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.qsfs.engine.zdb.BackendAddress;
import org.qsfs.engine.zdb.ZdbAdmin;
import org.qsfs.engine.zdb.ZdbClient;
import org.qsfs.engine.zdb.ZdbConnector;
import org.qsfs.engine.zdb.ZdbException;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.server.ZdbServer;

/**
 * Real zdb-servers on loopback for the engine's tests: each with a data namespace (user or
 * sequential mode) and a user-mode metadata namespace, both private with a password.
 * Servers can be stopped and started again on the same port and directory.
 */
public final class ZdbCluster implements AutoCloseable {
    public static final String ADMIN = "admin-secret";
    public static final String DATA_NS = "data";
    public static final String META_NS = "meta";

    private final Path root;
    private final NamespaceMode dataMode;
    private final ZdbServer[] servers;
    private final int[] ports;
    private final List<ZdbClient> clients = new ArrayList<>();
    private ZdbConnector connector = ZdbConnector.builder().connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(3)).backoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .buildConnector();

    public ZdbCluster(Path root, int n, NamespaceMode dataMode) {
        this.root = root;
        this.dataMode = dataMode;
        this.servers = new ZdbServer[n];
        this.ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                start(i);
                provision(i);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return servers.length;
    }

    public Path dir(int i) {
        return root.resolve("zdb" + i);
    }

    public int port(int i) {
        return ports[i];
    }

    public static String password(String ns, int i) {
        return ns + "-pw-" + i;
    }

    public BackendAddress address(String ns, int i) {
        return new BackendAddress("127.0.0.1", ports[i], ns, password(ns, i));
    }

    public static String id(int i) {
        return "b" + i;
    }

    /** Starts server {@code i} (again, on its old port when it ran before). */
    public void start(int i) throws IOException {
        ZdbConfig.Builder cfg = ZdbConfig.embedded(dir(i)).mode(ZdbConfig.Mode.MIXED).adminPassword(ADMIN)
                .datasize(ZdbConfig.MIN_DATASIZE * 64);
        if (ports[i] != 0) {
            cfg.port(ports[i]);
        }
        servers[i] = new ZdbServer(cfg.build()).start();
        ports[i] = servers[i].port();
    }

    public void stop(int i) {
        if (servers[i] != null) {
            servers[i].close();
            servers[i] = null;
        }
    }

    public boolean running(int i) {
        return servers[i] != null;
    }

    /** Starts every stopped server. */
    public void startAll() throws IOException {
        for (int i = 0; i < servers.length; i++) {
            if (servers[i] == null) {
                start(i);
            }
        }
    }

    private void provision(int i) throws ZdbException {
        try (ZdbAdmin admin = ZdbAdmin.connect("127.0.0.1", ports[i], ADMIN)) {
            admin.provision(address(DATA_NS, i), dataMode == NamespaceMode.SEQUENTIAL ? ZdbAdmin.Mode.SEQ
                    : ZdbAdmin.Mode.USER, 0, false);
            admin.provision(address(META_NS, i), ZdbAdmin.Mode.USER, 0, false);
        }
    }

    /** Admin access to server {@code i}, e.g. to set a namespace's maxsize. */
    public ZdbAdmin admin(int i) throws ZdbException {
        return ZdbAdmin.connect("127.0.0.1", ports[i], ADMIN);
    }

    /** A real client of namespace {@code ns} on server {@code i}; closed with the cluster. */
    public synchronized ZdbClient client(String ns, int i) {
        ZdbClient c = connector.open(address(ns, i));
        clients.add(c);
        return c;
    }

    public synchronized ZdbClient client(BackendAddress address) {
        ZdbClient c = connector.open(address);
        clients.add(c);
        return c;
    }

    public List<StoreBackend> dataBackends() {
        List<StoreBackend> out = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            out.add(new StoreBackend(id(i), "site" + (i % 3), client(DATA_NS, i), dataMode));
        }
        return out;
    }

    public List<StoreBackend> metadataBackends() {
        List<StoreBackend> out = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            out.add(new StoreBackend("m" + i, "site" + (i % 3), client(META_NS, i), NamespaceMode.USER));
        }
        return out;
    }

    /** Every data and index file of every server. */
    public List<Path> allFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            try (Stream<Path> s = Files.walk(dir(i))) {
                s.filter(Files::isRegularFile).forEach(out::add);
            }
        }
        return out;
    }

    /** The first data file of namespace {@code ns} on server {@code i}. */
    public Path dataFile(String ns, int i) {
        return dir(i).resolve("data").resolve(ns).resolve("d0");
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
