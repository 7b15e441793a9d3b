package org.qsfs.mount.fusekernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The C library calls this adapter needs. The per-request ones (read, write on /dev/fuse) use
 * JNA direct mapping ({@link Native#register}): a plain JNI call with no argument
 * conversion, buffers passed as raw addresses of direct ByteBuffers. The one-off setup calls
 * (socketpair, recvmsg, posix_spawn, waitpid) go through an interface mapping ({@link Setup}),
 * because direct mapping cannot pass {@code String[]} (argv, envp).
 */
final class LibC {
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENODEV = 19;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    /** Makes sure the native methods are bound (throws UnsatisfiedLinkError/NoClassDefFoundError otherwise). */
    static void load() {
    }

    static native long read(int fd, long buf, long count) throws LastErrorException;

    static native long write(int fd, long buf, long count) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** The setup calls, interface-mapped. Layouts are those of 64-bit Linux (x86-64, aarch64). */
    interface Setup extends Library {
        Setup INSTANCE = Native.load(Platform.C_LIBRARY_NAME, Setup.class);

        int AF_UNIX = 1;
        int SOCK_STREAM = 1;
        int SOCK_CLOEXEC = 02000000;
        int SOL_SOCKET = 1;
        int SCM_RIGHTS = 1;
        int MSG_CMSG_CLOEXEC = 0x40000000;
        int O_RDONLY = 0;
        int O_WRONLY = 1;
        int O_CREAT = 0100;
        int O_TRUNC = 01000;

        int socketpair(int domain, int type, int protocol, int[] sv) throws LastErrorException;

        long recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

        int posix_spawnp(IntByReference pid, String file, Pointer fileActions, Pointer attr, String[] argv,
                         String[] envp);

        int posix_spawn_file_actions_init(Pointer fileActions);

        int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

        int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int oflag, int mode);

        int posix_spawn_file_actions_destroy(Pointer fileActions);

        int waitpid(int pid, IntByReference status, int options) throws LastErrorException;

        int close(int fd);
    }
}
