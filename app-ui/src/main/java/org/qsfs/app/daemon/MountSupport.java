package org.qsfs.app.daemon;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a drive can be mounted here: the engine's volume (filesystem API, cache, upload
 * queue), platform-mount's {@code MountService}, and one that can run on this computer (FUSE
 * on Linux and macOS, Dokany on Windows). When something is missing, the daemon says exactly
 * what instead of pretending to mount.
 */
public final class MountSupport {
    static final String[] REQUIRED = {
        "org.qsfs.engine.fs.FsOperations", "the engine's filesystem API (org.qsfs.engine.fs)",
        "org.qsfs.engine.fs.FsVolume", "the engine's volume (org.qsfs.engine.fs.FsVolume: SQLite tree, cache, upload queue)",
        "org.qsfs.mount.MountService", "the platform-mount MountService (FUSE/Dokany)",
    };

    private MountSupport() {
    }

    /** The parts this build lacks, in words; empty when a drive can be mounted. */
    public static List<String> missing() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < REQUIRED.length; i += 2) {
            try {
                Class.forName(REQUIRED[i], false, MountSupport.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                out.add(REQUIRED[i + 1]);
            }
        }
        if (out.isEmpty()) {
            try {
                org.qsfs.mount.MountServices.best();
            } catch (org.qsfs.mount.MountUnavailableException e) {
                out.add("a way to mount on this computer (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    /** One sentence for errors: what cannot work and why. */
    public static String explain() {
        return "cannot mount the drive here: missing " + String.join(", ", missing())
                + ". `qsfs store`/`retrieve` work without a mount; `qsfs mount --no-mount` runs the daemon"
                + " (control API, metrics, backend health) without a drive";
    }
}
