package org.qsfs.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {
    @TempDir
    Path dir;

    @Test
    void aSecondLaunchBringsTheFirstToFrontAndStops() throws Exception {
        AtomicInteger fronted = new AtomicInteger();
        Path lock = dir.resolve("app.lock");
        Path endpoint = dir.resolve("app.json");
        Optional<SingleInstance> first = SingleInstance.acquire(lock, endpoint, fronted::incrementAndGet);
        assertTrue(first.isPresent());
        Optional<SingleInstance> second = SingleInstance.acquire(lock, endpoint, () -> { });
        assertFalse(second.isPresent());
        assertEquals(1, fronted.get());
        first.get().close();
        assertFalse(Files.exists(endpoint));
        Optional<SingleInstance> third = SingleInstance.acquire(lock, endpoint, () -> { });
        assertTrue(third.isPresent(), "the lock is free again once the first instance quit");
        third.get().close();
    }
}
