package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;
import org.qsfs.engine.volume.Inode;

/**
 * Which extended attribute names the volume keeps, and who may read or change them.
 *
 * <p>Kept: {@code user.*}, {@code trusted.*} (root's) and {@code security.*} (the owner sets
 * them; {@code security.capability} is what {@code setcap} writes). Refused with ENOTSUP, as
 * by a file system that has no such feature:
 * <ul>
 *   <li>{@code system.*}: POSIX ACLs ({@code system.posix_acl_access}/{@code _default}) and
 *       the like. The volume does not enforce ACLs (permissions are the mode bits), so keeping
 *       them would let {@code setfacl} "succeed" and then grant or deny nothing. Tools fall back
 *       to the mode bits on ENOTSUP ({@code cp -a}, {@code rsync -A} warns).</li>
 *   <li>{@code security.selinux}: SELinux labels a FUSE file system by policy
 *       ({@code genfscon}), never from this attribute, and a label of one machine means nothing
 *       on the machine a volume is restored on.</li>
 * </ul>
 * ENOTSUP rather than ENODATA matters for speed too: {@code ls -l} asks for both names of every
 * entry (two round trips per name through FUSE) until one answers "not supported", and then
 * stops asking for the whole file system.
 */
final class XattrNames {
    static final int MAX_NAME = 255;
    static final int MAX_VALUE = 65536;

    private XattrNames() {
    }

    /** The name's bytes, or ERANGE (empty or too long) / ENOTSUP (a name the volume does not keep). */
    static byte[] checked(String name) throws FsException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length == 0 || n.length > MAX_NAME) {
            throw new FsException(Errno.ERANGE, "an attribute name is 1..255 bytes");
        }
        if (!kept(name)) {
            throw new FsException(Errno.ENOTSUP, "attribute not supported on this volume: " + name
                    + " (kept: user.*, trusted.*, security.* except security.selinux)");
        }
        return n;
    }

    /** Whether the volume keeps attributes of this name (listing leaves out any others stored by older versions). */
    static boolean kept(String name) {
        return name.startsWith("user.") || name.startsWith("trusted.")
                || (name.startsWith("security.") && !name.equals("security.selinux"));
    }

    /** Whether caller {@code c} may list an attribute of this name. */
    static boolean listable(Caller c, String name) {
        return kept(name) && (!name.startsWith("trusted.") || c.isRoot());
    }

    /** EPERM/EACCES/ENODATA when caller {@code c} may not read ({@code write} false) or change attribute {@code name} of {@code i}. */
    static void checkAccess(Caller c, Inode i, String name, boolean write) throws FsException {
        if (name.startsWith("trusted.") && !c.isRoot()) {
            throw new FsException(Errno.EPERM, "trusted.* attributes are root's");
        }
        if (name.startsWith("user.")) {
            if (i.type != FileType.REGULAR && i.type != FileType.DIRECTORY) {
                throw new FsException(write ? Errno.EPERM : Errno.ENODATA,
                        "user.* attributes are for files and directories");
            }
            Permissions.check(c, i, write ? OpenFlags.W_OK : OpenFlags.R_OK);
        }
        if (write && name.startsWith("security.") && !Permissions.isOwner(c, i)) {
            throw new FsException(Errno.EPERM, "only the owner may set " + name);
        }
    }
}
