package org.qsfs.engine.zdb;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by clients of many backends, and the way to make those clients.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * ZdbClient one = ZdbConnector.builder(address).requestTimeout(Duration.ofSeconds(5)).build();
 *
 * ZdbConnector connector = ZdbConnector.builder().maxConnections(4).buildConnector();
 * ZdbClient a = connector.open(addressA);
 * ZdbClient b = connector.open(addressB);
 * }</pre>
 */
public final class ZdbConnector {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 8;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final boolean secureAuth;

    private ZdbConnector(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxConnections = b.maxConnections;
        this.idleTimeout = b.idleTimeout;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.secureAuth = b.secureAuth;
    }

    /** The defaults: connect 3 s, request 10 s, 8 connections, backoff 0.5 s doubling to 30 s. */
    public static ZdbConnector defaults() {
        return builder().buildConnector();
    }

    /** Settings for many backends; finish with {@link Builder#buildConnector()}. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A client of one backend; finish with {@link Builder#build()}. */
    public static Builder builder(BackendAddress address) {
        return new Builder(Objects.requireNonNull(address, "address"));
    }

    /** A client of {@code address} with these settings. Close it when done. */
    public ZdbClient open(BackendAddress address) {
        return new ZdbClient(Objects.requireNonNull(address, "address"), this);
    }

    public Builder newBuilder() {
        Builder b = new Builder(null);
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.maxConnections = maxConnections;
        b.idleTimeout = idleTimeout;
        b.backoffInitial = backoffInitial;
        b.backoffMax = backoffMax;
        b.secureAuth = secureAuth;
        return b;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration backoffInitial() {
        return backoffInitial;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    public boolean secureAuth() {
        return secureAuth;
    }

    @Override
    public String toString() {
        return "ZdbConnector{connect=" + connectTimeout + ", request=" + requestTimeout + ", maxConnections="
                + maxConnections + ", idle=" + idleTimeout + ", backoff=" + backoffInitial + ".." + backoffMax
                + ", secureAuth=" + secureAuth + "}";
    }

    public static final class Builder {
        private final BackendAddress address;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
        private Duration backoffMax = DEFAULT_BACKOFF_MAX;
        private boolean secureAuth = true;

        private Builder(BackendAddress address) {
            this.address = address;
        }

        /** Longest wait for the TCP connection to be established. */
        public Builder connectTimeout(Duration d) {
            connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /**
         * Longest wait for a reply (and for a free connection of the pool). A backend that is
         * slower than this is reported with {@link ZdbTimeoutException}.
         */
        public Builder requestTimeout(Duration d) {
            requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        /** Most connections open at once to the backend; more callers wait (up to the request timeout). */
        public Builder maxConnections(int n) {
            if (n < 1 || n > 1024) {
                throw new IllegalArgumentException("maxConnections must be 1..1024, got " + n);
            }
            maxConnections = n;
            return this;
        }

        /** An idle pooled connection older than this is closed instead of reused. */
        public Builder idleTimeout(Duration d) {
            idleTimeout = positive(d, "idleTimeout");
            return this;
        }

        /** Pause after the first failure, doubled after each further one up to {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got " + initial + ".." + max);
            }
            backoffInitial = initial;
            backoffMax = max;
            return this;
        }

        /**
         * Whether a namespace password is proven with AUTH SECURE (sha1 of a nonce, the default)
         * instead of being sent in clear with SELECT. Only turn it off for 0-db older than 2.0.
         */
        public Builder secureAuth(boolean on) {
            secureAuth = on;
            return this;
        }

        /** The settings alone, to open clients of many backends. */
        public ZdbConnector buildConnector() {
            return new ZdbConnector(this);
        }

        /** The client of the address given to {@link ZdbConnector#builder(BackendAddress)}. */
        public ZdbClient build() {
            if (address == null) {
                throw new IllegalStateException("no backend address: use ZdbConnector.builder(address), "
                        + "or buildConnector().open(address)");
            }
            return buildConnector().open(address);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            if (d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " is too long: " + d);
            }
            return d;
        }
    }
}
