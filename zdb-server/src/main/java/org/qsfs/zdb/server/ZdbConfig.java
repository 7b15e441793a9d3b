package org.qsfs.zdb.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a {@link ZdbServer} needs, with upstream 0-db's defaults. Immutable; build one
 * with {@link #builder()} or {@link #embedded(Path)}.
 */
public final class ZdbConfig {
    /** Upstream default data file size before rotation: 256 MiB. */
    public static final long DEFAULT_DATASIZE = 256L * 1024 * 1024;
    /** Upstream refuses data files smaller than this. */
    public static final long MIN_DATASIZE = 512L * 1024;
    /** Upstream refuses data files of 4 GiB and more (32-bit offsets). */
    public static final long MAX_DATASIZE = 0xffffffffL - 1;

    /** How namespaces index their keys. MIXED lets NSSET choose per fresh namespace. */
    public enum Mode { USER, SEQ, MIXED }

    private final String listen;
    private final int port;
    private final Path socket;
    private final boolean dualnet;
    private final Path dataPath;
    private final Path indexPath;
    private final Mode mode;
    private final long datasize;
    private final long maxsize;
    private final String adminPassword;
    private final boolean protect;
    private final Path hook;
    private final boolean sync;
    private final int synctime;
    private final int rotateSeconds;
    private final boolean verbose;

    private ZdbConfig(Builder b) {
        this.listen = b.listen;
        this.port = b.port;
        this.socket = b.socket;
        this.dualnet = b.dualnet;
        this.dataPath = Objects.requireNonNull(b.dataPath, "dataPath");
        this.indexPath = Objects.requireNonNull(b.indexPath, "indexPath");
        this.mode = b.mode;
        this.datasize = b.datasize;
        this.maxsize = b.maxsize;
        this.adminPassword = b.adminPassword;
        this.protect = b.protect;
        this.hook = b.hook;
        this.sync = b.sync;
        this.synctime = b.synctime;
        this.rotateSeconds = b.rotateSeconds;
        this.verbose = b.verbose;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A server for tests and the demo: loopback, a free port, data under {@code dir}. */
    public static Builder embedded(Path dir) {
        return new Builder().listen("127.0.0.1").port(0)
                .dataPath(dir.resolve("data")).indexPath(dir.resolve("index"));
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.listen = listen;
        b.port = port;
        b.socket = socket;
        b.dualnet = dualnet;
        b.dataPath = dataPath;
        b.indexPath = indexPath;
        b.mode = mode;
        b.datasize = datasize;
        b.maxsize = maxsize;
        b.adminPassword = adminPassword;
        b.protect = protect;
        b.hook = hook;
        b.sync = sync;
        b.synctime = synctime;
        b.rotateSeconds = rotateSeconds;
        b.verbose = verbose;
        return b;
    }

    public String listen() { return listen; }
    public int port() { return port; }
    /** Unix socket path, or null. Without dualnet it replaces the TCP listener, as upstream. */
    public Path socket() { return socket; }
    public boolean dualnet() { return dualnet; }
    public Path dataPath() { return dataPath; }
    public Path indexPath() { return indexPath; }
    public Mode mode() { return mode; }
    public long datasize() { return datasize; }
    public long maxsize() { return maxsize; }
    /** Admin password, or null: without one every client is admin (upstream behaviour). */
    public String adminPassword() { return adminPassword; }
    public boolean protect() { return protect; }
    public Path hook() { return hook; }
    public boolean sync() { return sync; }
    public int synctime() { return synctime; }
    public int rotateSeconds() { return rotateSeconds; }
    public boolean verbose() { return verbose; }

    public boolean listensOnTcp() {
        return socket == null || dualnet;
    }

    /** The instance id upstream passes to hooks: tcp://host:port or unix://path. */
    public String zdbId(int boundPort) {
        if (socket != null && !dualnet) {
            return "unix://" + socket;
        }
        return "tcp://" + listen + ":" + boundPort;
    }

    /** Mutable builder; {@link #build()} validates like upstream's flag parser. */
    public static final class Builder {
        private String listen = "::";
        private int port = 9900;
        private Path socket;
        private boolean dualnet;
        private Path dataPath = Path.of("zdb-data");
        private Path indexPath = Path.of("zdb-index");
        private Mode mode = Mode.MIXED;
        private long datasize = DEFAULT_DATASIZE;
        private long maxsize;
        private String adminPassword;
        private boolean protect;
        private Path hook;
        private boolean sync;
        private int synctime;
        private int rotateSeconds;
        private boolean verbose;

        public Builder listen(String v) { listen = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder socket(Path v) { socket = v; return this; }
        public Builder dualnet(boolean v) { dualnet = v; return this; }
        public Builder dataPath(Path v) { dataPath = v; return this; }
        public Builder indexPath(Path v) { indexPath = v; return this; }
        public Builder mode(Mode v) { mode = v; return this; }
        public Builder datasize(long v) { datasize = v; return this; }
        public Builder maxsize(long v) { maxsize = v; return this; }
        public Builder adminPassword(String v) { adminPassword = v; return this; }
        public Builder protect(boolean v) { protect = v; return this; }
        public Builder hook(Path v) { hook = v; return this; }
        public Builder sync(boolean v) { sync = v; return this; }
        public Builder synctime(int v) { synctime = v; return this; }
        public Builder rotateSeconds(int v) { rotateSeconds = v; return this; }
        public Builder verbose(boolean v) { verbose = v; return this; }

        /** @throws IllegalArgumentException with a message that says what to change */
        public ZdbConfig build() {
            if (datasize >= MAX_DATASIZE + 1) {
                throw new IllegalArgumentException("datasize cannot be larger than "
                        + MAX_DATASIZE + " bytes (4095 MB): data offsets are 32-bit");
            }
            if (datasize < MIN_DATASIZE) {
                throw new IllegalArgumentException("datasize cannot be smaller than "
                        + MIN_DATASIZE + " bytes (0.5 MB)");
            }
            if (protect && adminPassword == null) {
                throw new IllegalArgumentException("protected mode only works with admin password: add --admin");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            if (synctime < 0 || rotateSeconds < 0 || maxsize < 0) {
                throw new IllegalArgumentException("synctime, rotate and maxsize cannot be negative");
            }
            return new ZdbConfig(this);
        }
    }
}
