package org.qsfs.mount.fusekernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.qsfs.mount.MountException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts with {@code fusermount3} and receives the /dev/fuse descriptor from it, as libfuse
 * does for users who may not call mount(2): a socketpair, {@code fusermount3 -o OPTS -- MP}
 * with {@code _FUSE_COMMFD} naming our end of it in the child, and recvmsg with SCM_RIGHTS.
 *
 * <p>Why posix_spawn through JNA rather than ProcessBuilder (also not via {@code sh -c}):
 * the JDK's process launcher closes every descriptor above 2 in the child before exec
 * (jspawnhelper's closeDescriptors), so a socket could never reach fusermount3 that way,
 * whatever its CLOEXEC flag. posix_spawnp with a dup2 file action puts the socket at a fixed
 * number in the child only; both ends are created CLOEXEC, so no other child of this JVM
 * ever inherits them, and dup2 gives the child's copy a descriptor without CLOEXEC.
 */
final class FusermountLauncher {
    private static final Logger log = LoggerFactory.getLogger(FusermountLauncher.class);
    static final String TOOL = "fusermount3";

    private FusermountLauncher() {
    }

    /** Mounts at {@code mountPoint} with {@code options}; returns the /dev/fuse descriptor (CLOEXEC). */
    static int mount(Path mountPoint, String options) throws MountException {
        LibC.Setup c = LibC.Setup.INSTANCE;
        int[] sv = new int[2];
        try {
            c.socketpair(LibC.Setup.AF_UNIX, LibC.Setup.SOCK_STREAM | LibC.Setup.SOCK_CLOEXEC, 0, sv);
        } catch (LastErrorException e) {
            throw new MountException("socketpair failed (errno " + e.getErrorCode() + ")");
        }
        int ours = sv[0];
        int theirs = sv[1];
        // the child's number for the socket: 3, unless that is the socket's own number here
        // (dup2 onto itself would keep CLOEXEC with an older glibc)
        int childFd = theirs == 3 ? 4 : 3;
        Path out = null;
        try {
            out = Files.createTempFile("qsfs-fusermount", ".log");
            int pid = spawn(c, options, mountPoint, theirs, childFd, out);
            c.close(theirs);
            theirs = -1;
            int fd = receiveFd(c, ours);
            int status = waitFor(c, pid);
            String said = Files.readString(out, StandardCharsets.UTF_8).trim();
            if (fd < 0) {
                throw new MountException(TOOL + " could not mount at " + mountPoint
                        + (said.isEmpty() ? " (exit status " + status + ")" : ": " + said));
            }
            if (!said.isEmpty()) {
                log.info("{}: {}", TOOL, said);
            }
            return fd;
        } catch (IOException e) {
            throw new MountException("cannot run " + TOOL + ": " + e.getMessage(), e);
        } finally {
            if (theirs >= 0) {
                c.close(theirs);
            }
            c.close(ours);
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a temporary file
                }
            }
        }
    }

    private static int spawn(LibC.Setup c, String options, Path mountPoint, int socket, int childFd, Path out)
            throws MountException {
        Memory actions = new Memory(256); // posix_spawn_file_actions_t is 80 bytes with glibc
        actions.clear();
        if (c.posix_spawn_file_actions_init(actions) != 0) {
            throw new MountException("posix_spawn_file_actions_init failed");
        }
        try {
            c.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", LibC.Setup.O_RDONLY, 0);
            c.posix_spawn_file_actions_addopen(actions, 1, out.toString(),
                    LibC.Setup.O_WRONLY | LibC.Setup.O_CREAT | LibC.Setup.O_TRUNC, 0600);
            c.posix_spawn_file_actions_adddup2(actions, 1, 2);
            c.posix_spawn_file_actions_adddup2(actions, socket, childFd);
            String[] argv = {TOOL, "-o", options, "--", mountPoint.toString(), null};
            List<String> env = new ArrayList<>();
            for (Map.Entry<String, String> e : System.getenv().entrySet()) {
                if (!e.getKey().equals("_FUSE_COMMFD")) {
                    env.add(e.getKey() + "=" + e.getValue());
                }
            }
            env.add("_FUSE_COMMFD=" + childFd);
            env.add(null);
            IntByReference pid = new IntByReference();
            int err = c.posix_spawnp(pid, TOOL, actions, Pointer.NULL, argv, env.toArray(new String[0]));
            if (err != 0) {
                throw new MountException("cannot start " + TOOL + " (errno " + err + "): install fuse3"
                        + " (apt-get install fuse3, dnf install fuse3)");
            }
            log.debug("started {} -o {} -- {} (pid {})", TOOL, options, mountPoint, pid.getValue());
            return pid.getValue();
        } finally {
            c.posix_spawn_file_actions_destroy(actions);
        }
    }

    /** One recvmsg carrying the descriptor as SCM_RIGHTS; -1 when fusermount3 closed the socket without one. */
    static int receiveFd(LibC.Setup c, int socket) throws MountException {
        Memory data = new Memory(8);
        Memory iov = new Memory(16);
        iov.setPointer(0, data);
        iov.setLong(8, 1);
        Memory control = new Memory(64); // CMSG_SPACE(sizeof(int)) = 24
        control.clear();
        Memory msg = new Memory(56); // struct msghdr
        msg.clear();
        msg.setPointer(16, iov); // msg_iov
        msg.setLong(24, 1); // msg_iovlen
        msg.setPointer(32, control); // msg_control
        msg.setLong(40, 24); // msg_controllen
        long n;
        while (true) {
            try {
                n = c.recvmsg(socket, msg, LibC.Setup.MSG_CMSG_CLOEXEC);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw new MountException("receiving the /dev/fuse descriptor from " + TOOL + " failed (errno "
                            + e.getErrorCode() + ")");
                }
            }
        }
        if (n <= 0 || msg.getLong(40) < 20) {
            return -1;
        }
        // struct cmsghdr: cmsg_len (size_t), cmsg_level, cmsg_type, then the data
        if (control.getInt(8) != LibC.Setup.SOL_SOCKET || control.getInt(12) != LibC.Setup.SCM_RIGHTS) {
            return -1;
        }
        return control.getInt(16);
    }

    private static int waitFor(LibC.Setup c, int pid) {
        IntByReference status = new IntByReference();
        while (true) {
            try {
                c.waitpid(pid, status, 0);
                int s = status.getValue();
                return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    return -1;
                }
            }
        }
    }
}
