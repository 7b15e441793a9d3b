package org.qsfs.mount.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.qsfs.engine.fs.Caller;

/**
 * The {@link Caller} of a FUSE request: uid and gid from the FUSE context, supplementary
 * groups from {@code /proc/PID/status} (Linux), remembered per process for a second.
 */
public final class CallerResolver {
    private static final long TTL_NANOS = 1_000_000_000L;

    private record Cached(Caller caller, long at) {
    }

    private final ConcurrentHashMap<Integer, Cached> byPid = new ConcurrentHashMap<>();
    private final boolean procGroups;

    public CallerResolver(boolean procGroups) {
        this.procGroups = procGroups;
    }

    public Caller of(int uid, int gid, int pid) {
        if (uid == 0 || !procGroups || pid <= 0) {
            return uid == 0 && gid == 0 ? Caller.ROOT : Caller.of(uid, gid);
        }
        long now = System.nanoTime();
        Cached c = byPid.get(pid);
        if (c != null && now - c.at < TTL_NANOS && c.caller.uid() == uid && c.caller.gid() == gid) {
            return c.caller;
        }
        Caller caller = new Caller(uid, gid, groupsOf(pid));
        if (byPid.size() > 4096) {
            byPid.clear();
        }
        byPid.put(pid, new Cached(caller, now));
        return caller;
    }

    /** The "Groups:" line of /proc/PID/status; empty when the process is gone. */
    static int[] groupsOf(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Groups:")) {
                    String rest = line.substring(7).trim();
                    if (rest.isEmpty()) {
                        return new int[0];
                    }
                    return Arrays.stream(rest.split("\\s+")).mapToInt(s -> (int) Long.parseLong(s)).toArray();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process exited meanwhile: no supplementary groups
        }
        return new int[0];
    }
}
