package org.qsfs.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * Data backends on one site: they may fail together, and placement plans for losing
 * {@code redundant_groups} whole groups.
 */
public record BackendGroup(String name, List<BackendConfig> backends) {
    public BackendGroup {
        Objects.requireNonNull(name, "name");
        backends = List.copyOf(backends);
    }
}
