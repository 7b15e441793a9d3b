package org.qsfs.engine.store;

import java.time.Duration;
import java.util.Objects;
import org.qsfs.engine.placement.Backend;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.zdb.ZdbNamespace;

/**
 * One backend as the store sees it: its namespace, group, mode, and what is known of its
 * state (health, free space, latency). State is updated by the store itself on failures
 * and by a health monitor through {@link BackendRegistry}; reads of it are lock-free.
 */
public final class StoreBackend {
    /** Placement weighs by free space; when a backend does not report it, all weigh the same. */
    public static final long UNKNOWN_FREE_BYTES = 1L << 40;
    /** Latency assumed before the first measurement: ranks unmeasured backends in the middle. */
    private static final long INITIAL_LATENCY_NANOS = Duration.ofMillis(5).toNanos();

    private final String id;
    private final String group;
    private final ZdbNamespace namespace;
    private final NamespaceMode mode;
    private volatile Health health = Health.HEALTHY;
    private volatile String healthReason = "";
    private volatile long freeBytes = UNKNOWN_FREE_BYTES;
    private volatile long latencyNanos = INITIAL_LATENCY_NANOS;
    private volatile long healthSinceNanos = System.nanoTime();

    public StoreBackend(String id, String group, ZdbNamespace namespace, NamespaceMode mode) {
        this.id = Objects.requireNonNull(id, "id");
        this.group = Objects.requireNonNull(group, "group");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public String id() {
        return id;
    }

    public String group() {
        return group;
    }

    public ZdbNamespace namespace() {
        return namespace;
    }

    public NamespaceMode mode() {
        return mode;
    }

    public Health health() {
        return health;
    }

    /** Why the backend is in its current state (empty when healthy). */
    public String healthReason() {
        return healthReason;
    }

    /** How long the backend has been in its current health state. */
    public Duration inStateFor() {
        return Duration.ofNanos(System.nanoTime() - healthSinceNanos);
    }

    public long freeBytes() {
        return freeBytes;
    }

    /** Smoothed round-trip time of recent requests. */
    public Duration latency() {
        return Duration.ofNanos(latencyNanos);
    }

    long latencyNanos() {
        return latencyNanos;
    }

    /** The backend as placement sees it now. */
    public Backend placementView() {
        return new Backend(id, group, Math.max(1, freeBytes), health);
    }

    /** Returns true when the health changed. */
    boolean setHealth(Health h, String reason) {
        Health old = health;
        healthReason = reason == null ? "" : reason;
        if (old != h) {
            healthSinceNanos = System.nanoTime();
        }
        health = h;
        return old != h;
    }

    /** Returns true when placement should be recomputed (crossed into or out of "has room"). */
    boolean setFreeBytes(long bytes) {
        long old = freeBytes;
        freeBytes = bytes < 0 ? UNKNOWN_FREE_BYTES : bytes;
        // Small changes do not matter to placement; rebuilding it for each would cost more.
        return (old > 0) != (freeBytes > 0) || Math.abs(old - freeBytes) > old / 4;
    }

    /** Exponentially weighted: a backend that slows down drops down the read order quickly. */
    void recordLatency(long nanos) {
        long old = latencyNanos;
        latencyNanos = old + (nanos - old) / 4;
    }

    @Override
    public String toString() {
        return id + " (" + namespace.address() + ", group " + group + ", " + health
                + (healthReason.isEmpty() ? "" : ": " + healthReason) + ")";
    }
}
