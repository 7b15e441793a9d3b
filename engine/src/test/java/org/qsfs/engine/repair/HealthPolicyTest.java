package org.qsfs.engine.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.zdb.NamespaceInfo;

class HealthPolicyTest {
    private final HealthPolicy policy = new HealthPolicy(HealthMonitorOptions.DEFAULTS);

    private static BackendVitals ok(long latencyMs, long size, long limit, long disk) {
        return new BackendVitals(Duration.ofMillis(latencyMs), 0, 0, 1,
                new NamespaceInfo("data", 1, size, limit, disk, "userkey", false, true), Instant.now(), null);
    }

    private static BackendVitals failing(int times) {
        return new BackendVitals(null, times, times, times, null, Instant.now(), "connection refused");
    }

    @Test
    void states() {
        assertEquals(Health.HEALTHY, policy.judge(ok(2, 100, 0, 1L << 40), false, false).health());
        assertEquals(Health.DEGRADED, policy.judge(ok(2000, 100, 0, 1L << 40), false, false).health());
        assertEquals(Health.FULL, policy.judge(ok(2, 100, 50, 1L << 40), false, false).health());
        assertEquals(Health.FULL, policy.judge(ok(2, 100, 0, 1000), false, false).health(), "disk nearly full");
        assertEquals(Health.HEALTHY, policy.judge(ok(2, 100, 0, -1), false, false).health(), "free space unknown");
        assertEquals(Health.DEGRADED, policy.judge(failing(1), false, false).health());
        assertEquals(Health.UNREACHABLE, policy.judge(failing(2), false, false).health());
        HealthPolicy.Verdict refused = policy.judge(failing(1), true, false);
        assertEquals(Health.UNREACHABLE, refused.health());
        assertTrue(refused.reason().contains("password"), refused.reason());
        assertEquals(Health.FULL, policy.judge(ok(2, 100, 0, 1L << 40), false, true).health(), "draining");
        assertEquals(Health.UNREACHABLE, policy.judge(failing(3), false, true).health(), "draining and gone");
    }

    @Test
    void rateLimiterSpacesCalls() throws InterruptedException {
        RateLimiter r = new RateLimiter(50, 0);
        long t0 = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            r.acquire(1, 1000);
        }
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(180).toNanos());
        assertTrue(new RateLimiter(0, 0).unlimited());
    }
}
