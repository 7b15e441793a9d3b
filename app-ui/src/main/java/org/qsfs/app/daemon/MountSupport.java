package org.qsfs.app.daemon;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether this build can mount a drive: it needs the engine's volume (filesystem API, cache,
 * upload queue) and a {@code MountService} from platform-mount. Until both are in the build,
 * the daemon says exactly what is missing instead of pretending to mount.
 */
public final class MountSupport {
    static final String[] REQUIRED = {
        "org.qsfs.engine.fs.FsOperations", "the engine's filesystem API (org.qsfs.engine.fs)",
        "org.qsfs.engine.volume.Volume", "the engine's volume (org.qsfs.engine.volume: SQLite tree, cache, upload queue)",
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
        // Even with every class present, the daemon must know how to open them: see Daemon#openVolume.
        if (out.isEmpty() && !Daemon.VOLUME_WIRED) {
            out.add("the daemon's wiring of volume and mount (org.qsfs.app.daemon.Daemon#openVolume)");
        }
        return out;
    }

    /** One sentence for errors: what cannot work and why. */
    public static String explain() {
        return "mounting the drive is not available in this build yet: missing " + String.join(", ", missing())
                + ". `qsfs store`/`retrieve` work without a mount; `qsfs mount --no-mount` runs the daemon"
                + " (control API, metrics, backend health) without a drive";
    }
}
