package org.qsfs.mount.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.mount.MountException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Unmounts FUSE mounts with the system's tools: plain, lazy, or forced (connection aborted). */
public final class Unmounter {
    private static final Logger log = LoggerFactory.getLogger(Unmounter.class);

    private Unmounter() {
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean isMac() {
        String os = System.getProperty("os.name", "").toLowerCase();
        return os.contains("mac") || os.contains("darwin");
    }

    /** fusermount3 (fuse3) when installed, else fusermount (fuse 2): either unmounts any FUSE mount of this user. */
    static String fusermount() {
        return Commands.onPath("fusermount3") ? "fusermount3" : "fusermount";
    }

    /** A normal unmount: refused by the kernel (EBUSY) while anything on the drive is in use. */
    public static Commands.Result plain(Path mp) throws IOException {
        if (isMac()) {
            return Commands.run(List.of("umount", mp.toString()));
        }
        String tool = fusermount();
        if (isRoot() || !Commands.onPath(tool)) {
            return Commands.run(List.of("umount", mp.toString()));
        }
        return Commands.run(List.of(tool, "-u", mp.toString()));
    }

    /** Detaches the mount at once; the FUSE process keeps serving files that are still open. */
    public static void lazy(Path mp) throws MountException {
        List<String> cmd = new ArrayList<>();
        if (isMac()) {
            cmd.addAll(List.of("umount", "-f", mp.toString()));
        } else if (Commands.onPath(fusermount())) {
            cmd.addAll(List.of(fusermount(), "-u", "-z", mp.toString()));
        } else {
            cmd.addAll(List.of("umount", "-l", mp.toString()));
        }
        try {
            Commands.Result r = Commands.run(cmd);
            if (!r.ok()) {
                throw new MountException("'" + String.join(" ", cmd) + "' failed: " + r.output());
            }
        } catch (IOException e) {
            throw new MountException("cannot run '" + String.join(" ", cmd) + "': " + e.getMessage()
                    + " (install fuse3 for fusermount)", e);
        }
    }

    /**
     * Forced: aborts the FUSE connection (open files then fail with ENOTCONN) and detaches
     * the mount. {@code connection} is the mount's device minor number, or null.
     */
    public static void force(Path mp, String connection) throws MountException {
        if (isMac()) {
            lazy(mp);
            return;
        }
        if (connection != null) {
            Path abort = Path.of("/sys/fs/fuse/connections", connection, "abort");
            try {
                if (Files.isWritable(abort)) {
                    Files.writeString(abort, "1");
                }
            } catch (IOException e) {
                log.debug("could not abort FUSE connection {}: {}", connection, e.toString());
            }
        }
        try {
            if (isRoot()) {
                // MNT_FORCE aborts the FUSE connection, MNT_DETACH removes the mount even while busy
                Commands.Result r = Commands.run(List.of("umount", "-f", "-l", mp.toString()));
                if (r.ok()) {
                    return;
                }
                log.debug("umount -f -l {}: {}", mp, r.output());
            }
        } catch (IOException e) {
            log.debug("umount -f -l {}: {}", mp, e.toString());
        }
        lazy(mp);
    }
}
