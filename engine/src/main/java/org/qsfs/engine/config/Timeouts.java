package org.qsfs.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait for a backend: to connect, and for one request (a shard put or get) to
 * complete. A backend that misses them is treated as failed for that request.
 */
public record Timeouts(Duration connect, Duration request) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));

    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(request, "request");
    }
}
