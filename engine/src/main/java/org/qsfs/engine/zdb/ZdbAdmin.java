package org.qsfs.engine.zdb;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administration of one 0-db server, to provision backends (setup, tests, the demo mode):
 * NSNEW, NSDEL, NSSET, NSLIST, NSINFO. Uses one connection of its own, authenticated with
 * {@code AUTH SECURE} when an admin password is given (a server without one lets everybody
 * administer it). Thread-safe (calls are serialised); every call is bounded by the timeouts.
 *
 * <pre>{@code
 * try (ZdbAdmin admin = ZdbAdmin.connect("10.0.0.5", 9900, adminPassword)) {
 *     admin.provision(new BackendAddress("10.0.0.5", 9900, "qsfs-data", nsPassword),
 *             ZdbAdmin.Mode.USER, 0, false);
 * }
 * }</pre>
 */
public final class ZdbAdmin implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ZdbAdmin.class);

    /** Namespace modes: user keys, or sequential ids chosen by the server. */
    public enum Mode {
        USER("user", "userkey"), SEQ("seq", "sequential");

        private final String nssetValue;
        private final String infoName;

        Mode(String nssetValue, String infoName) {
            this.nssetValue = nssetValue;
            this.infoName = infoName;
        }

        /** As NSINFO's {@code mode} field prints it. */
        public String infoName() {
            return infoName;
        }
    }

    private final String host;
    private final int port;
    private final String adminPassword;
    private final int connectTimeoutMillis;
    private final long requestTimeoutNanos;
    private final BackendAddress server;
    private ZdbConnection connection;
    private boolean closed;

    private ZdbAdmin(String host, int port, String adminPassword, Duration connectTimeout, Duration requestTimeout) {
        this.host = host;
        this.port = port;
        this.adminPassword = adminPassword;
        this.connectTimeoutMillis = (int) Math.max(1, connectTimeout.toMillis());
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.server = new BackendAddress(host, port, "default", null);
    }

    /** Connects with the default timeouts (3 s, 10 s); {@code adminPassword} may be null. */
    public static ZdbAdmin connect(String host, int port, String adminPassword) throws ZdbException {
        return connect(host, port, adminPassword, ZdbConnector.DEFAULT_CONNECT_TIMEOUT,
                ZdbConnector.DEFAULT_REQUEST_TIMEOUT);
    }

    public static ZdbAdmin connect(String host, int port, String adminPassword, Duration connectTimeout,
                                   Duration requestTimeout) throws ZdbException {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        ZdbAdmin admin = new ZdbAdmin(host, port, adminPassword, connectTimeout, requestTimeout);
        synchronized (admin) {
            admin.connection();
        }
        return admin;
    }

    /** NSLIST: the names of all namespaces. */
    public synchronized List<String> namespaces() throws ZdbException {
        Object r = call("NSLIST");
        if (!(r instanceof List<?> list)) {
            throw protocol("NSLIST answered " + ZdbErrors.describe(r));
        }
        List<String> names = new ArrayList<>(list.size());
        for (Object o : list) {
            if (o instanceof byte[] b) {
                names.add(new String(b, StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    public synchronized boolean namespaceExists(String namespace) throws ZdbException {
        return namespaces().contains(namespace);
    }

    /** NSNEW; a {@link ZdbCommandException} when it exists already. */
    public synchronized void createNamespace(String namespace) throws ZdbException {
        ok("NSNEW", namespace);
        log.info("created namespace {} on {}:{}", namespace, host, port);
    }

    /** Creates the namespace unless it exists; true when it was created. */
    public synchronized boolean ensureNamespace(String namespace) throws ZdbException {
        if (namespaceExists(namespace)) {
            return false;
        }
        createNamespace(namespace);
        return true;
    }

    /** NSDEL: deletes a namespace and all its data. */
    public synchronized void deleteNamespace(String namespace) throws ZdbException {
        ok("NSDEL", namespace);
    }

    /** NSSET password; null removes the password. */
    public synchronized void setPassword(String namespace, String password) throws ZdbException {
        ok("NSSET", namespace, "password", password == null ? "*" : password);
    }

    /** NSSET mode: only on an empty namespace of a server started in mixed mode. */
    public synchronized void setMode(String namespace, Mode mode) throws ZdbException {
        ok("NSSET", namespace, "mode", mode.nssetValue);
    }

    /** NSSET maxsize in bytes; 0 removes the limit. */
    public synchronized void setMaxSize(String namespace, long bytes) throws ZdbException {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0, got " + bytes);
        }
        ok("NSSET", namespace, "maxsize", Long.toString(bytes));
    }

    /** NSSET public: a public namespace can be read without its password. */
    public synchronized void setPublic(String namespace, boolean isPublic) throws ZdbException {
        ok("NSSET", namespace, "public", isPublic ? "1" : "0");
    }

    /** NSINFO of any namespace. */
    public synchronized NamespaceInfo info(String namespace) throws ZdbException {
        Object r = call("NSINFO", namespace);
        if (r instanceof byte[] text) {
            return NamespaceInfoParser.parse(new BackendAddress(host, port, namespace, null), namespace, text);
        }
        throw protocol("NSINFO answered " + ZdbErrors.describe(r));
    }

    /**
     * Makes {@code address}'s namespace exist with its password, the mode, maximum size
     * (0: none) and public flag; what is already right is left alone.
     *
     * @return true when the namespace was created
     */
    public synchronized boolean provision(BackendAddress address, Mode mode, long maxSizeBytes, boolean isPublic)
            throws ZdbException {
        String ns = address.namespace();
        boolean created = false;
        if (!ns.equals("default")) {
            created = ensureNamespace(ns);
        }
        NamespaceInfo info = info(ns);
        if (mode != null && !mode.infoName.equalsIgnoreCase(info.mode())) {
            setMode(ns, mode);
        }
        if (!ns.equals("default")) {
            setPassword(ns, address.password());
            if (info.dataLimitBytes() != maxSizeBytes) {
                setMaxSize(ns, maxSizeBytes);
            }
            if (info.publicNamespace() != isPublic) {
                setPublic(ns, isPublic);
            }
        }
        return created;
    }

    /** Any command; the reply as in {@link ZdbClient#command(String...)}. */
    public synchronized Object command(String... args) throws ZdbException {
        Object r = call(args);
        if (r instanceof RespError e) {
            throw ZdbErrors.fromReply(server, e.message());
        }
        return r instanceof RespStatus s ? s.text() : r;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    // ---------------------------------------------------------------- plumbing

    private void ok(String... args) throws ZdbException {
        Object r = call(args);
        if (r instanceof RespStatus) {
            return;
        }
        if (r instanceof RespError e) {
            BackendAddress where = args.length > 1 ? new BackendAddress(host, port, args[1], null) : server;
            String msg = e.message().toLowerCase(Locale.ROOT);
            if (msg.contains("not available") && args[0].equals("NSNEW")) {
                throw new ZdbCommandException(where, e.message(), "namespace '" + args[1] + "' exists already");
            }
            if (msg.contains("single runtime mode")) {
                throw new ZdbCommandException(where, e.message(), "cannot set the mode of '" + args[1]
                        + "': the server runs in a single mode (start it in mixed mode to choose per namespace)");
            }
            throw ZdbErrors.fromReply(where, e.message());
        }
        throw protocol(args[0] + " answered " + ZdbErrors.describe(r));
    }

    /** One request on the admin connection, reconnecting once if it had gone stale. */
    private Object call(String... args) throws ZdbException {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = Resp.bytes(args[i]);
        }
        for (int attempt = 0; ; attempt++) {
            boolean fresh = connection == null;
            ZdbConnection c = connection();
            try {
                c.begin(System.nanoTime() + requestTimeoutNanos);
                return c.call(a);
            } catch (ZdbException e) {
                throw e;
            } catch (IOException e) {
                dropConnection();
                if (attempt == 0 && !fresh && c.bytesReadInExchange() == 0 && !c.timedOut(e)) {
                    continue; // the idle admin connection had gone stale: once more on a new one
                }
                throw ZdbErrors.transport(server, args[0], c, e, TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos));
            } finally {
                c.end();
            }
        }
    }

    private ZdbConnection connection() throws ZdbException {
        if (closed) {
            throw new ZdbUnavailableException(server, "this admin connection is closed", null);
        }
        if (connection != null && !connection.broken()) {
            return connection;
        }
        dropConnection();
        ZdbConnection c;
        try {
            c = ZdbConnection.open(host, port, connectTimeoutMillis);
        } catch (SocketTimeoutException e) {
            throw new ZdbUnavailableException(server, "connect: no TCP connection within "
                    + ZdbErrors.seconds(connectTimeoutMillis) + " (connect timeout)", e);
        } catch (IOException e) {
            throw ZdbErrors.unavailable(server, "connect", e);
        }
        boolean ok = false;
        try {
            if (adminPassword != null) {
                c.begin(System.nanoTime() + requestTimeoutNanos);
                String nonce = ZdbClient.challenge(c, server);
                Object r = c.call(Resp.bytes("AUTH"), Resp.bytes("SECURE"),
                        Resp.bytes(ZdbClient.secureHash(nonce, adminPassword)));
                if (r instanceof RespError e) {
                    throw new ZdbAuthException(server, "admin login refused (" + e.message()
                            + "): check the admin password of this 0-db server");
                }
                ZdbClient.expectOk(server, r, "AUTH");
            }
            ok = true;
            connection = c;
            return c;
        } catch (ZdbException e) {
            throw e;
        } catch (IOException e) {
            throw ZdbErrors.transport(server, "AUTH", c, e, TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos));
        } finally {
            c.end();
            if (!ok) {
                c.close();
            }
        }
    }

    private void dropConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private ZdbUnavailableException protocol(String message) {
        dropConnection();
        return ZdbErrors.unavailable(server, "admin", new RespProtocolException(message));
    }
}
