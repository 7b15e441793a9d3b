package org.qsfs.mount.fuse;

import java.nio.file.Path;
import org.qsfs.mount.MountBusyException;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a FUSE mount (either service) does when the JVM ends on SIGTERM, SIGINT or exit:
 * unmount cleanly if nothing is open, otherwise by force; and how it closes the volume
 * once unmounted.
 */
public final class UnmountOnShutdown {
    private static final Logger log = LoggerFactory.getLogger(UnmountOnShutdown.class);

    private final Thread hook;

    private UnmountOnShutdown(MountedVolume mount, String threadName) {
        this.hook = new Thread(() -> unmountNow(mount), threadName);
    }

    /** Registers the hook for {@code mount}. */
    public static UnmountOnShutdown install(MountedVolume mount, String threadName) {
        UnmountOnShutdown u = new UnmountOnShutdown(mount, threadName);
        Runtime.getRuntime().addShutdownHook(u.hook);
        return u;
    }

    /** Withdraws the hook after an unmount it did not make itself. */
    public void remove() {
        if (hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private static void unmountNow(MountedVolume mount) {
        try {
            try {
                mount.unmount(false);
            } catch (MountBusyException e) {
                log.warn("shutting down while {} is in use; unmounting by force", mount.mountPoint());
                mount.unmount(true);
            }
        } catch (MountException | RuntimeException e) {
            log.error("unmounting {} at shutdown failed: {}", mount.mountPoint(), e.getMessage());
        }
    }

    /** Closes what the mount request asked to close after unmounting (may be null); a failure is logged. */
    public static void closeAfterUnmount(AutoCloseable closeable, Path mountPoint) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.error("closing the volume after unmounting {} failed", mountPoint, e);
            }
        }
    }
}
