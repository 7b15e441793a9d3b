package org.qsfs.engine.store;

import java.time.Duration;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.zdb.ZdbAuthException;
import org.qsfs.engine.zdb.ZdbException;
import org.qsfs.engine.zdb.ZdbFullException;
import org.qsfs.engine.zdb.ZdbTimeoutException;
import org.qsfs.engine.zdb.ZdbUnavailableException;

/**
 * Runs one request on one backend and keeps the registry's picture of that backend up to
 * date: latency on success, health on failure (full, unreachable, wrong password, slow).
 */
public final class ShardIo {
    /** One request against a backend's namespace. */
    @FunctionalInterface
    public interface Request<T> {
        T run(StoreBackend backend) throws ZdbException;
    }

    /** Prefix of the reasons this class gives when it marks a backend slow. */
    private static final String SLOW = "slow: ";
    /** How long a backend marked slow by the store stays ranked after the others. */
    private static final Duration SLOW_PENALTY = Duration.ofSeconds(30);

    private final BackendRegistry registry;

    public ShardIo(BackendRegistry registry) {
        this.registry = registry;
    }

    public BackendRegistry registry() {
        return registry;
    }

    public <T> T call(StoreBackend b, Request<T> request) throws ZdbException {
        long t0 = System.nanoTime();
        try {
            T result = request.run(b);
            registry.recordLatency(b.id(), Duration.ofNanos(System.nanoTime() - t0));
            if (b.health() == Health.UNREACHABLE
                    || (b.health() == Health.DEGRADED && b.healthReason().startsWith(SLOW)
                    && b.inStateFor().compareTo(SLOW_PENALTY) >= 0)) {
                registry.markHealthy(b.id()); // it answers again (a slow mark of ours wears off)
            }
            return result;
        } catch (ZdbException e) {
            failed(b, e);
            throw e;
        } catch (RuntimeException e) {
            // A client bug must not take the whole block down: treat it as this backend failing.
            ZdbUnavailableException wrapped = new ZdbUnavailableException(b.namespace().address(),
                    "unexpected error: " + e, e);
            failed(b, wrapped);
            throw wrapped;
        }
    }

    /** Updates the backend's health after a failed request. */
    public void failed(StoreBackend b, ZdbException e) {
        if (e instanceof ZdbFullException) {
            registry.setHealth(b.id(), Health.FULL, "namespace full: " + e.getMessage());
        } else if (e instanceof ZdbAuthException) {
            registry.setHealth(b.id(), Health.UNREACHABLE, "access refused (check the namespace password): "
                    + e.getMessage());
        } else if (e instanceof ZdbTimeoutException) {
            registry.setHealth(b.id(), Health.DEGRADED, SLOW + e.getMessage());
        } else if (e instanceof ZdbUnavailableException) {
            registry.setHealth(b.id(), Health.UNREACHABLE, e.getMessage());
        }
        // Other command errors say something about the request, not the backend.
    }

    /** The store stopped waiting for this backend: rank it after the healthy ones for a while. */
    public void timedOut(StoreBackend b, Duration after) {
        if (b.health() == Health.HEALTHY) {
            registry.setHealth(b.id(), Health.DEGRADED, SLOW + "no answer within " + after.toMillis() + " ms");
        }
    }
}
