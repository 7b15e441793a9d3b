package org.qsfs.engine.repair;

import java.time.Duration;
import org.qsfs.engine.object.EngineSettings;

/** What the repair tests run with: k=4, m=2, 64 KiB blocks, timeouts and retries short enough for loopback. */
final class RepairTestSettings {
    static final int BLOCK = 64 * 1024;

    private RepairTestSettings() {
    }

    static EngineSettings engine() {
        return EngineSettings.defaults(4, 2).withBlockSize(BLOCK).withBlocksInFlight(3)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    static RepairSettings repair() {
        return RepairSettings.DEFAULTS.withShardTimeout(Duration.ofSeconds(3))
                .withRetry(Duration.ofMillis(100), Duration.ofSeconds(1));
    }
}
