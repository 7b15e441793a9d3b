package org.qsfs.mount.fuse;

import java.nio.file.Files;
import java.nio.file.Path;

/** The FUSE device both Linux services need. */
public final class DevFuse {
    public static final Path PATH = Path.of("/dev/fuse");

    private DevFuse() {
    }

    /** Why this user cannot use /dev/fuse, with what to do; empty when it can. */
    public static String problem() {
        if (!Files.exists(PATH)) {
            return "/dev/fuse is missing: load the fuse kernel module (modprobe fuse), or in a container"
                    + " pass --device /dev/fuse --cap-add SYS_ADMIN";
        }
        // fusermount opens /dev/fuse with the caller's rights (it is 0666 on desktop systems)
        if (!Files.isReadable(PATH) || !Files.isWritable(PATH)) {
            return "/dev/fuse is not readable and writable by this user: fix its permissions (chmod 666 /dev/fuse)";
        }
        return "";
    }
}
