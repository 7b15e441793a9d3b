package org.qsfs.engine.zdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {
    private final BackendAddress a = new BackendAddress("127.0.0.1", 9900, "ns", null);

    @Test
    void backoffGrowsWithJitterUpToTheMaximumAndSuccessResets() throws Exception {
        HealthTracker h = new HealthTracker(a, Duration.ofMillis(100), Duration.ofMillis(800));
        assertFalse(h.admit(), "up: no probe needed");
        long[] caps = {100, 200, 400, 800, 800, 800};
        for (int i = 0; i < caps.length; i++) {
            h.failure(new ZdbUnavailableException(a, "boom " + i, null), System.nanoTime());
            BackendHealth s = h.snapshot();
            assertFalse(s.up());
            assertEquals(i + 1, s.consecutiveFailures());
            long ms = s.retryIn().toMillis();
            assertTrue(ms <= caps[i] && ms >= caps[i] / 2 - 5, "pause " + ms + " for failure " + (i + 1));
            assertTrue(s.lastError().contains("boom " + i));
            ZdbUnavailableException e = assertThrows(ZdbUnavailableException.class, h::admit);
            assertTrue(e.getMessage().contains("backend down after " + (i + 1)), e.getMessage());
            assertTrue(e.getMessage().contains("boom " + i), e.getMessage());
        }
        h.success();
        assertTrue(h.snapshot().up());
        assertEquals(Duration.ZERO, h.snapshot().retryIn());
        assertFalse(h.admit());
    }

    @Test
    void oneProbeAfterThePauseOthersFailFast() throws Exception {
        HealthTracker h = new HealthTracker(a, Duration.ofMillis(20), Duration.ofMillis(20));
        h.failure(new ZdbUnavailableException(a, "refused", null), System.nanoTime());
        Thread.sleep(30);
        assertTrue(h.admit(), "the first caller after the pause probes");
        ZdbUnavailableException e = assertThrows(ZdbUnavailableException.class, h::admit);
        assertTrue(e.getMessage().contains("retry is under way"), e.getMessage());
        h.endProbe();
        assertTrue(h.admit());
        h.success();
        assertFalse(h.admit());
    }

    @Test
    void failuresOfCallsStartedBeforeTheLastFailureDoNotEscalate() {
        HealthTracker h = new HealthTracker(a, Duration.ofMillis(100), Duration.ofSeconds(10));
        long before = System.nanoTime();
        h.failure(new ZdbUnavailableException(a, "first", null), before);
        h.failure(new ZdbUnavailableException(a, "second", null), before);
        h.failure(new ZdbUnavailableException(a, "third", null), before);
        assertEquals(1, h.snapshot().consecutiveFailures(), "one outage, seen by three callers");
    }
}
