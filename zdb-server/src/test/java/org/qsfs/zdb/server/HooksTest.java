package org.qsfs.zdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --hook: the executable is run on ready, namespace changes, jumps and close. */
class HooksTest {
    @TempDir
    Path dir;

    private Path hook(String body) throws IOException {
        Path script = dir.resolve("hook.sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void eventsReachTheHook() throws Exception {
        Path log = dir.resolve("events.log");
        Path script = hook("echo \"$1 $3\" >> " + log);
        try (ZdbServer s = new ZdbServer(ZdbConfig.embedded(dir).hook(script).build()).start();
             ZdbClient c = new ZdbClient(s)) {
            c.cmd("NSNEW", "hooked");
            c.cmd("NSSET", "hooked", "maxsize", "100000");
            c.cmd("NSJUMP");
            c.cmd("NSDEL", "hooked");
            assertTrue(c.cmd("HOOKS") instanceof List<?>);
        }
        String events = waitFor(log, "close");
        for (String e : List.of("ready", "namespace-created hooked", "namespace-updated hooked",
                "jump-index", "jump-data", "namespace-deleted hooked", "close")) {
            assertTrue(events.contains(e), "missing " + e + " in:\n" + events);
        }
    }

    @Test
    void aFailingReadyHookStopsTheStart() throws Exception {
        Path script = hook("[ \"$1\" = ready ] && exit 3; exit 0");
        ZdbServer s = new ZdbServer(ZdbConfig.embedded(dir).hook(script).build());
        IOException e = assertThrows(IOException.class, s::start);
        assertTrue(e.getMessage().contains("exited with 3"), e.getMessage());
        // nothing left listening: a new server can take the same directories
        try (ZdbServer again = new ZdbServer(ZdbConfig.embedded(dir).build()).start(); ZdbClient c = new ZdbClient(again)) {
            assertEquals("PONG", c.str("PING"));
        }
    }

    private static String waitFor(Path log, String needle) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(log)) {
                String s = Files.readString(log);
                if (s.contains(needle)) {
                    Thread.sleep(200); // async hooks may still be appending
                    return Files.readString(log);
                }
            }
            Thread.sleep(50);
        }
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
