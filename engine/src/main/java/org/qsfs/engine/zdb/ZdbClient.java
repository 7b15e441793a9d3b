package org.qsfs.engine.zdb;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client of one namespace on one 0-db backend: RESP2 over TCP, a bounded pool of
 * connections, pipelining, deadlines on everything, backoff while the backend is down.
 * Thread-safe; make it with {@link ZdbConnector} and close it when done.
 *
 * <p>Each new connection selects the namespace: {@code SELECT ns} without a password,
 * {@code AUTH SECURE CHALLENGE} then {@code SELECT ns SECURE sha1(nonce:password)} with one
 * (the password never crosses the network), or {@code SELECT ns password} when
 * {@link ZdbConnector.Builder#secureAuth(boolean)} is off.
 *
 * <p>Failures: {@link ZdbUnavailableException} when the backend cannot be reached, drops the
 * connection or sends garbage; {@link ZdbTimeoutException} when it does not answer within the
 * request timeout; {@link ZdbAuthException}, {@link ZdbFullException} and
 * {@link ZdbCommandException} for its error replies. After a transport failure the backend is
 * marked down for a short, growing time during which calls fail at once; see {@link #health()}.
 */
public final class ZdbClient implements ZdbNamespace {
    private static final Logger log = LoggerFactory.getLogger(ZdbClient.class);

    /** 0-db refuses larger values (REDIS_MAX_PAYLOAD). */
    public static final int MAX_VALUE_BYTES = 8 * 1024 * 1024;
    /** GETs in flight at once in {@link #getAll}: bounds what the backend must buffer. */
    static final int GET_WINDOW = 32;
    /** SETs in flight at once in {@link #setAll}: a deadline per window bounds its bytes' time. */
    static final int SET_WINDOW = 32;
    /** Small commands (CHECK, EXISTS) in flight at once. */
    static final int SMALL_WINDOW = 512;

    private static final byte[] SET = Resp.bytes("SET");
    private static final byte[] GET = Resp.bytes("GET");
    private static final byte[] DEL = Resp.bytes("DEL");
    private static final byte[] EXISTS = Resp.bytes("EXISTS");
    private static final byte[] CHECK = Resp.bytes("CHECK");
    private static final byte[] NSINFO = Resp.bytes("NSINFO");
    private static final byte[] PING = Resp.bytes("PING");
    private static final byte[] SCAN = Resp.bytes("SCAN");
    private static final byte[] SELECT = Resp.bytes("SELECT");
    private static final byte[] AUTH = Resp.bytes("AUTH");
    private static final byte[] SECURE = Resp.bytes("SECURE");
    private static final byte[] CHALLENGE = Resp.bytes("CHALLENGE");
    private static final byte[] EMPTY = new byte[0];

    private final BackendAddress address;
    private final ZdbConnector settings;
    private final ConnectionPool pool;
    private final HealthTracker health;
    private final long requestTimeoutNanos;
    private final long requestTimeoutMillis;
    private final int connectTimeoutMillis;

    ZdbClient(BackendAddress address, ZdbConnector settings) {
        this.address = address;
        this.settings = settings;
        this.pool = new ConnectionPool(settings.maxConnections(), settings.idleTimeout().toNanos());
        this.health = new HealthTracker(address, settings.backoffInitial(), settings.backoffMax());
        this.requestTimeoutNanos = settings.requestTimeout().toNanos();
        this.requestTimeoutMillis = settings.requestTimeout().toMillis();
        this.connectTimeoutMillis = (int) settings.connectTimeout().toMillis();
    }

    @Override
    public BackendAddress address() {
        return address;
    }

    public ZdbConnector settings() {
        return settings;
    }

    /** Up or down, failures in a row, when the next attempt is allowed, the last error. */
    public BackendHealth health() {
        return health.snapshot();
    }

    @Override
    public boolean set(byte[] key, byte[] value) throws ZdbException {
        requireKey(key);
        requireValue(value);
        return call("SET", true, c -> {
            Object r = c.call(SET, key, value);
            if (r == null) {
                return false; // identical value, nothing written
            }
            if (r instanceof byte[]) {
                return true;
            }
            throw unexpected(r, "SET");
        });
    }

    @Override
    public byte[] append(byte[] value) throws ZdbException {
        requireValue(value);
        // not retried on a stale connection: the first attempt may have been stored already
        return call("SET (append)", false, c -> {
            Object r = c.call(SET, EMPTY, value);
            if (r instanceof byte[] id) {
                return id;
            }
            throw unexpected(r, "SET (append)");
        });
    }

    /**
     * Pipelined in windows of {@value #SET_WINDOW} on one connection: one write and one read
     * per window instead of per SET, on both sides. Retried on a fresh connection like a single
     * SET only when no SET is an append (an append may have been stored already).
     */
    @Override
    public void setAll(List<byte[]> keys, List<byte[]> values, SetReply[] replies) throws ZdbException {
        if (keys.size() != values.size() || replies.length < keys.size()) {
            throw new IllegalArgumentException(keys.size() + " keys, " + values.size() + " values, "
                    + replies.length + " replies");
        }
        List<byte[][]> cmds = new ArrayList<>(keys.size());
        boolean appends = false;
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = keys.get(i);
            Objects.requireNonNull(key, "key");
            if (key.length > 255) {
                throw new IllegalArgumentException("key of " + key.length + " bytes: 0-db keys are at most 255 bytes");
            }
            requireValue(values.get(i));
            appends |= key.length == 0;
            cmds.add(new byte[][] {SET, key, values.get(i)});
        }
        if (cmds.isEmpty()) {
            return;
        }
        call("SET x" + cmds.size(), !appends, c -> {
            pipeline(c, cmds, SET_WINDOW, (i, r) -> {
                if (r instanceof byte[] id) {
                    replies[i] = SetReply.stored(id);
                } else if (r == null && keys.get(i).length > 0) {
                    replies[i] = SetReply.stored(keys.get(i)); // identical value, nothing written
                } else if (r instanceof RespError e) {
                    replies[i] = SetReply.refused(ZdbErrors.fromReply(address, e.message()));
                } else {
                    throw unexpected(r, "SET");
                }
            });
            return null;
        });
    }

    @Override
    public byte[] get(byte[] key) throws ZdbException {
        return get(key, null); // null: a new array for the value
    }

    @Override
    public byte[] get(byte[] key, byte[] into) throws ZdbException {
        requireKey(key);
        return call("GET", true, c -> {
            c.write(GET, key);
            c.flush();
            Object r = c.read(into);
            if (r == null || r instanceof byte[]) {
                return (byte[]) r;
            }
            throw unexpected(r, "GET");
        });
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) throws ZdbException {
        List<byte[][]> cmds = commands(GET, keys);
        if (cmds.isEmpty()) {
            return new ArrayList<>();
        }
        return call("GET x" + cmds.size(), true, c -> {
            List<Object> replies = pipeline(c, cmds, GET_WINDOW);
            List<byte[]> values = new ArrayList<>(replies.size());
            for (Object r : replies) {
                if (r == null || r instanceof byte[]) {
                    values.add((byte[]) r);
                } else {
                    throw unexpected(r, "GET");
                }
            }
            return values;
        });
    }

    /**
     * CHECK of many keys in pipelined round trips (for scrubbing): for each key true when the
     * backend's checksum verifies, false when the payload rotted, null when the key is missing.
     */
    public List<Boolean> checkAll(List<byte[]> keys) throws ZdbException {
        List<byte[][]> cmds = commands(CHECK, keys);
        if (cmds.isEmpty()) {
            return new ArrayList<>();
        }
        return call("CHECK x" + cmds.size(), true, c -> {
            List<Object> replies = pipeline(c, cmds, SMALL_WINDOW);
            List<Boolean> out = new ArrayList<>(replies.size());
            for (Object r : replies) {
                out.add(r == null ? null : integer(r, "CHECK") == 1);
            }
            return out;
        });
    }

    /** EXISTS of many keys in pipelined round trips. */
    public List<Boolean> existsAll(List<byte[]> keys) throws ZdbException {
        List<byte[][]> cmds = commands(EXISTS, keys);
        if (cmds.isEmpty()) {
            return new ArrayList<>();
        }
        return call("EXISTS x" + cmds.size(), true, c -> {
            List<Object> replies = pipeline(c, cmds, SMALL_WINDOW);
            List<Boolean> out = new ArrayList<>(replies.size());
            for (Object r : replies) {
                out.add(integer(r, "EXISTS") == 1);
            }
            return out;
        });
    }

    @Override
    public boolean delete(byte[] key) throws ZdbException {
        requireKey(key);
        return call("DEL", true, c -> {
            Object r = c.call(DEL, key);
            if (r instanceof RespStatus) {
                return true;
            }
            if (r instanceof RespError e && e.message().equalsIgnoreCase("Key not found")) {
                return false;
            }
            throw unexpected(r, "DEL");
        });
    }

    @Override
    public boolean exists(byte[] key) throws ZdbException {
        requireKey(key);
        return call("EXISTS", true, c -> integer(c.call(EXISTS, key), "EXISTS") == 1);
    }

    @Override
    public Boolean check(byte[] key) throws ZdbException {
        requireKey(key);
        return call("CHECK", true, c -> {
            Object r = c.call(CHECK, key);
            return r == null ? null : integer(r, "CHECK") == 1;
        });
    }

    @Override
    public NamespaceInfo info() throws ZdbException {
        return call("NSINFO", true, c -> {
            Object r = c.call(NSINFO, Resp.bytes(address.namespace()));
            if (r instanceof byte[] text) {
                return NamespaceInfoParser.parse(address, address.namespace(), text);
            }
            throw unexpected(r, "NSINFO");
        });
    }

    @Override
    public Duration ping() throws ZdbException {
        return call("PING", true, c -> {
            long t0 = System.nanoTime();
            Object r = c.call(PING);
            long t1 = System.nanoTime();
            if (r instanceof RespStatus || r instanceof byte[]) {
                return Duration.ofNanos(t1 - t0);
            }
            throw unexpected(r, "PING");
        });
    }

    @Override
    public ScanPage scan(byte[] cursor) throws ZdbException {
        return call("SCAN", true, c -> {
            Object r = cursor == null ? c.call(SCAN) : c.call(SCAN, cursor);
            if (r instanceof RespError e && e.message().equalsIgnoreCase("No more data")) {
                return new ScanPage(List.of(), null);
            }
            if (!(r instanceof List<?> top) || top.size() != 2 || !(top.get(0) instanceof byte[] next)
                    || !(top.get(1) instanceof List<?> entries)) {
                throw unexpected(r, "SCAN");
            }
            List<byte[]> keys = new ArrayList<>(entries.size());
            for (Object e : entries) {
                if (!(e instanceof List<?> entry) || entry.isEmpty() || !(entry.get(0) instanceof byte[] key)) {
                    throw unexpected(r, "SCAN");
                }
                keys.add(key);
            }
            return new ScanPage(keys, next);
        });
    }

    /**
     * Any command, for tools and tests. The reply is a String (status), Long, byte[] (bulk),
     * null (nil) or a List of those; an error reply is thrown as its exception.
     */
    public Object command(String... args) throws ZdbException {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = Resp.bytes(args[i]);
        }
        return command(a);
    }

    /** {@link #command(String...)} with binary arguments. */
    public Object command(byte[]... args) throws ZdbException {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command");
        }
        String name = new String(args[0], StandardCharsets.UTF_8);
        return call(name, false, c -> plain(c.call(args)));
    }

    /** Connections open now: idle in the pool and in use. */
    public int openConnections() {
        return pool.openCount();
    }

    int idleConnections() {
        return pool.idleCount();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "ZdbClient{" + address + "}";
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Exchange<T> {
        T run(ZdbConnection c) throws IOException;
    }

    /**
     * Runs one exchange on a pooled connection. A reused connection that fails before the
     * backend said a single byte is likely stale (the backend restarted): an idempotent
     * exchange is then tried once more on a new connection.
     */
    private <T> T call(String what, boolean retryable, Exchange<T> exchange) throws ZdbException {
        if (pool.closed()) {
            throw new ZdbUnavailableException(address, what + ": this client is closed", null);
        }
        boolean probe = health.admit();
        long start = System.nanoTime();
        try {
            for (int attempt = 0; ; attempt++) {
                ZdbConnection c = acquire(what, start);
                try {
                    c.begin(System.nanoTime() + requestTimeoutNanos);
                    T result = exchange.run(c);
                    health.success();
                    return result;
                } catch (ZdbException e) {
                    // an error reply read in full: the connection is still in sync
                    health.success();
                    throw e;
                } catch (IOException e) {
                    c.markBroken();
                    if (retryable && attempt == 0 && c.reused && c.bytesReadInExchange() == 0 && !c.timedOut(e)
                            && !(e instanceof RespProtocolException)) {
                        log.debug("{}: pooled connection was stale ({}); retrying {} on a new one", address, e, what);
                        pool.evictIdle();
                        continue;
                    }
                    ZdbUnavailableException z = ZdbErrors.transport(address, what, c, e, requestTimeoutMillis);
                    health.failure(z, start);
                    pool.evictIdle();
                    throw z;
                } catch (RuntimeException | Error e) {
                    c.markBroken();
                    throw e;
                } finally {
                    c.end();
                    pool.release(c);
                }
            }
        } finally {
            if (probe) {
                health.endProbe();
            }
        }
    }

    /** A connection with its pool permit: an idle one, or a new one with the namespace selected. */
    private ZdbConnection acquire(String what, long start) throws ZdbException {
        try {
            if (!pool.takePermit(System.nanoTime() + requestTimeoutNanos)) {
                throw new ZdbTimeoutException(address, what + ": all " + pool.max()
                        + " connections to the backend stayed busy for " + ZdbErrors.seconds(requestTimeoutMillis)
                        + "; raise maxConnections or send fewer requests at once");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZdbUnavailableException(address, what + ": interrupted while waiting for a connection", e);
        }
        if (pool.closed()) {
            pool.returnPermit();
            throw new ZdbUnavailableException(address, what + ": this client is closed", null);
        }
        ZdbConnection c = pool.pollIdle();
        if (c != null) {
            return c;
        }
        try {
            return connect();
        } catch (ZdbUnavailableException e) {
            pool.returnPermit();
            health.failure(e, start);
            pool.evictIdle();
            throw e;
        } catch (ZdbException e) {
            pool.returnPermit();
            health.success(); // it answered: reachable, but refused us
            throw e;
        } catch (RuntimeException | Error e) {
            pool.returnPermit();
            throw e;
        }
    }

    private ZdbConnection connect() throws ZdbException {
        ZdbConnection c;
        try {
            c = ZdbConnection.open(address.host(), address.port(), connectTimeoutMillis);
        } catch (SocketTimeoutException e) {
            throw new ZdbUnavailableException(address, "connect: no TCP connection within "
                    + ZdbErrors.seconds(connectTimeoutMillis) + " (connect timeout): is the host up and the port open?", e);
        } catch (IOException e) {
            throw ZdbErrors.unavailable(address, "connect", e);
        }
        boolean ok = false;
        try {
            c.begin(System.nanoTime() + requestTimeoutNanos);
            select(c, address, settings.secureAuth());
            ok = true;
            pool.track(c);
            log.debug("{}: new connection, namespace selected", address);
            return c;
        } catch (ZdbException e) {
            throw e;
        } catch (IOException e) {
            throw ZdbErrors.transport(address, "SELECT " + address.namespace(), c, e, requestTimeoutMillis);
        } finally {
            c.end();
            if (!ok) {
                c.close();
            }
        }
    }

    /** SELECT the namespace of {@code a} on a fresh connection, with its password if any. */
    static void select(ZdbConnection c, BackendAddress a, boolean secure) throws IOException {
        byte[] ns = Resp.bytes(a.namespace());
        Object r;
        if (a.password() == null) {
            r = c.call(SELECT, ns);
        } else if (secure) {
            String nonce = challenge(c, a);
            r = c.call(SELECT, ns, SECURE, Resp.bytes(secureHash(nonce, a.password())));
        } else {
            r = c.call(SELECT, ns, Resp.bytes(a.password()));
        }
        expectOk(a, r, "SELECT");
    }

    /** AUTH SECURE CHALLENGE: the nonce to hash the password with. */
    static String challenge(ZdbConnection c, BackendAddress a) throws IOException {
        Object r = c.call(AUTH, SECURE, CHALLENGE);
        if (r instanceof RespStatus s) {
            return s.text();
        }
        if (r instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (r instanceof RespError e) {
            throw new ZdbCommandException(a, e.message(), "the backend does not support AUTH SECURE ("
                    + e.message() + "): upgrade it to 0-db 2.0 or newer, or turn secureAuth off to send "
                    + "the password in clear");
        }
        throw new RespProtocolException("AUTH SECURE CHALLENGE answered " + ZdbErrors.describe(r));
    }

    /** hex(sha1(nonce ":" password)), as 0-db's AUTH SECURE expects. */
    static String secureHash(String nonce, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest((nonce + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }

    static void expectOk(BackendAddress a, Object r, String what) throws IOException {
        if (r instanceof RespStatus) {
            return;
        }
        if (r instanceof RespError e) {
            throw ZdbErrors.fromReply(a, e.message());
        }
        throw new RespProtocolException(what + " answered " + ZdbErrors.describe(r));
    }

    /** Sends the commands in windows of {@code window} and reads every reply, errors included. */
    private List<Object> pipeline(ZdbConnection c, List<byte[][]> cmds, int window) throws IOException {
        List<Object> replies = new ArrayList<>(cmds.size());
        pipeline(c, cmds, window, (i, r) -> replies.add(r));
        return replies;
    }

    /** What to do with reply {@code i} of a pipeline, as soon as it is read. */
    @FunctionalInterface
    private interface ReplySink {
        void accept(int i, Object reply) throws IOException;
    }

    /** {@link #pipeline(ZdbConnection, List, int)} handing each reply over as it is read. */
    private void pipeline(ZdbConnection c, List<byte[][]> cmds, int window, ReplySink sink) throws IOException {
        for (int from = 0; from < cmds.size(); from += window) {
            int to = Math.min(cmds.size(), from + window);
            if (from > 0) {
                c.extend(System.nanoTime() + requestTimeoutNanos);
            }
            for (int i = from; i < to; i++) {
                c.write(cmds.get(i));
            }
            c.flush();
            for (int i = from; i < to; i++) {
                sink.accept(i, c.read());
            }
        }
    }

    private static List<byte[][]> commands(byte[] name, List<byte[]> keys) {
        Objects.requireNonNull(keys, "keys");
        List<byte[][]> cmds = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            requireKey(k);
            cmds.add(new byte[][] {name, k});
        }
        return cmds;
    }

    private long integer(Object r, String what) throws IOException {
        if (r instanceof Long n) {
            return n;
        }
        throw unexpected(r, what);
    }

    /** An error reply as its exception; anything else as a protocol error (the connection is dropped). */
    private IOException unexpected(Object r, String what) {
        if (r instanceof RespError e) {
            return ZdbErrors.fromReply(address, e.message());
        }
        return new RespProtocolException(what + " answered " + ZdbErrors.describe(r));
    }

    private Object plain(Object r) throws ZdbException {
        if (r instanceof RespError e) {
            throw ZdbErrors.fromReply(address, e.message());
        }
        if (r instanceof RespStatus s) {
            return s.text();
        }
        if (r instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(o instanceof RespStatus s ? s.text() : o instanceof RespError e ? e.message() : o);
            }
            return out;
        }
        return r;
    }

    private static void requireKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key: 0-db keys are 1..255 bytes (use append() in sequential mode)");
        }
        if (key.length > 255) {
            throw new IllegalArgumentException("key of " + key.length + " bytes: 0-db keys are at most 255 bytes");
        }
    }

    private static void requireValue(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value of " + value.length + " bytes: 0-db stores at most "
                    + MAX_VALUE_BYTES + " bytes per key; split it");
        }
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
