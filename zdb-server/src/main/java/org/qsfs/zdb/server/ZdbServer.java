package org.qsfs.zdb.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.qsfs.zdb.commands.ClientState;
import org.qsfs.zdb.commands.Dispatcher;
import org.qsfs.zdb.commands.ServerContext;
import org.qsfs.zdb.hooks.Hooks;
import org.qsfs.zdb.storage.IndexMode;
import org.qsfs.zdb.storage.Namespace;
import org.qsfs.zdb.storage.Namespaces;
import org.qsfs.zdb.storage.StorageSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 0-db compatible server. Embeddable: {@code new ZdbServer(config).start()} serves on its
 * own thread until {@link #close()}; {@link #port()} tells the port when 0 was asked for.
 */
public final class ZdbServer implements AutoCloseable, ServerContext {
    private static final Logger log = LoggerFactory.getLogger(ZdbServer.class);

    private final ZdbConfig config;
    private final ServerStats stats = new ServerStats();
    private final List<ClientState> clients = new CopyOnWriteArrayList<>();
    private final long instanceId = Integer.toUnsignedLong(new SecureRandom().nextInt());
    private final Hooks hooks;
    private Namespaces namespaces;
    private EventLoop loop;
    private Thread thread;
    private int port = -1;
    private String zdbId;
    private volatile boolean stopped;
    private RotationTimer rotation;

    public ZdbServer(ZdbConfig config) {
        this.config = config;
        this.hooks = config.hook() == null ? Hooks.NONE : Hooks.executable(config.hook());
    }

    /**
     * Binds the listeners, opens every namespace from disk and starts serving.
     *
     * @throws IOException when the address is taken, the directories cannot be used, or the
     *                     ready hook refuses; nothing is left running in that case
     */
    public synchronized ZdbServer start() throws IOException {
        if (loop != null) {
            throw new IllegalStateException("server already started");
        }
        List<ServerSocketChannel> listeners = new ArrayList<>();
        Selector selector = null;
        try {
            if (config.socket() != null) {
                listeners.add(bindUnix());
            }
            if (config.listensOnTcp()) {
                ServerSocketChannel tcp = bindTcp();
                port = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
                listeners.add(tcp);
            }
            zdbId = config.zdbId(port);
            namespaces = Namespaces.open(storageSettings());
            applyDefaultNamespaceFlags(namespaces.getDefault());
            int ready = hooks.enabled() ? hooks.fireAndWait("ready", zdbId) : 0;
            if (ready != 0) {
                throw new IOException("the ready hook " + config.hook() + " exited with " + ready
                        + ": the hook must exit 0 for the server to start");
            }
            rotation = config.rotateSeconds() > 0 ? new RotationTimer(config.rotateSeconds()) : null;
            selector = Selector.open();
            Dispatcher dispatcher = new Dispatcher(this);
            loop = new EventLoop(selector, listeners, dispatcher, this::newClient, stats, clients,
                    this::periodic);
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel l : listeners) {
                l.close();
            }
            if (selector != null) {
                selector.close();
            }
            if (namespaces != null) {
                namespaces.close();
                namespaces = null;
            }
            throw e;
        }
        thread = new Thread(loop, "zdb-server-" + (port >= 0 ? port : "unix"));
        thread.start();
        log.info("zdb-server listening on {} (data {}, index {})", zdbId, config.dataPath(), config.indexPath());
        return this;
    }

    private ServerSocketChannel bindTcp() throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(new InetSocketAddress(InetAddress.getByName(config.listen()), config.port()), 1024);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot listen on " + config.listen() + ":" + config.port() + ": "
                    + e.getMessage() + " (is another server using this port?)", e);
        }
    }

    private ServerSocketChannel bindUnix() throws IOException {
        Files.deleteIfExists(config.socket()); // a stale socket file from a previous run, as upstream
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(config.socket()), 1024);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot listen on unix socket " + config.socket() + ": " + e.getMessage(), e);
        }
    }

    private StorageSettings storageSettings() {
        return storageSettings(config, zdbId, hooks);
    }

    /** The storage view of a server configuration (also used by --dump). */
    public static StorageSettings storageSettings(ZdbConfig config, String zdbId) {
        return storageSettings(config, zdbId, Hooks.NONE);
    }

    private static StorageSettings storageSettings(ZdbConfig config, String zdbId, Hooks hooks) {
        IndexMode mode = config.mode() == ZdbConfig.Mode.SEQ ? IndexMode.SEQUENTIAL : IndexMode.USER;
        return new StorageSettings(config.dataPath(), config.indexPath(), mode,
                config.mode() == ZdbConfig.Mode.MIXED, config.datasize(), config.maxsize(),
                config.sync(), config.synctime(), zdbId, hooks);
    }

    /** --protect and --maxsize apply to the default namespace for this run only, as upstream. */
    private void applyDefaultNamespaceFlags(Namespace def) {
        if (config.protect()) {
            def.setPassword(config.adminPassword());
        }
        if (config.maxsize() > 0) {
            def.setMaxSize(config.maxsize());
        }
    }

    private ClientState newClient(org.qsfs.zdb.protocol.RespWriter out) {
        boolean writable = !config.protect();
        boolean admin = config.adminPassword() == null;
        return new ClientState(out, namespaces.getDefault(), writable, admin);
    }

    private void periodic() {
        if (rotation != null) {
            rotation.rotateDue(namespaces.list());
        }
    }

    /** The TCP port served, or -1 when only a unix socket is served. */
    public int port() {
        return port;
    }

    public String zdbId() {
        return zdbId;
    }

    /** Stops serving, closes every file cleanly and runs the close hook. Idempotent. */
    @Override
    public synchronized void close() {
        if (stopped || loop == null) {
            stopped = true;
            return;
        }
        stopped = true;
        loop.stop();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hooks.enabled()) {
            hooks.fireAndWait("close", zdbId);
        }
        namespaces.close();
        if (config.socket() != null) {
            try {
                Files.deleteIfExists(config.socket());
            } catch (IOException e) {
                log.debug("socket cleanup: {}", e.toString());
            }
        }
        log.info("zdb-server {} stopped", zdbId);
    }

    /** Best effort on a fatal signal: flush what can be flushed, without waiting for clients. */
    public void emergency() {
        if (namespaces != null) {
            namespaces.emergency();
        }
    }

    /** Blocks until the server stops. */
    public void awaitTermination() throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join();
        }
    }

    // ServerContext, used by commands on the loop thread

    @Override
    public Namespaces namespaces() {
        return namespaces;
    }

    @Override
    public ZdbConfig config() {
        return config;
    }

    @Override
    public ServerStats stats() {
        return stats;
    }

    @Override
    public Hooks hooks() {
        return hooks;
    }

    @Override
    public List<ClientState> clients() {
        return clients;
    }

    @Override
    public long instanceId() {
        return instanceId;
    }
}
