package org.qsfs.mount.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.testing.MountedDemo;
import org.qsfs.mount.testing.Sh;

/**
 * POSIX behaviour seen through the mount by real programs: the error each common failure
 * gives (errno names from python3 when present, else the coreutils message), rename
 * semantics, link counts, and permission checks for a user who is not root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class PosixBehaviourThroughMountTest {
    @TempDir
    static Path dir;
    protected MountedDemo m;
    Path root;

    @BeforeAll
    void mount() throws Exception {
        m = start(dir);
        root = m.root();
    }

    /** Mounts the demo volume under test (a subclass may prepare the kernel first). */
    protected MountedDemo start(Path dir) throws Exception {
        return MountedDemo.start(dir);
    }

    @AfterAll
    void unmount() throws Exception {
        if (m != null) {
            m.close();
        }
    }

    /** Runs a python3 snippet in the mount; "OK" or the errno name of the OSError it raised. */
    private String py(String code) throws Exception {
        assumeTrue(Sh.have("python3"), "python3 is not installed");
        String script = "import os,errno,sys\ntry:\n" + indent(code) + "\n    print('OK')\n"
                + "except OSError as e:\n    print(errno.errorcode[e.errno])\n";
        return Sh.ok(root, "python3", "-c", script).trim();
    }

    private static String indent(String code) {
        return "    " + code.replace("\n", "\n    ");
    }

    @Test
    void errorsOfCommonFailures() throws Exception {
        Files.createDirectories(root.resolve("e/dir/sub"));
        Files.writeString(root.resolve("e/file"), "f");
        assertEquals("ENOENT", py("open('e/missing')"));
        assertEquals("ENOENT", py("os.mkdir('e/no/such/parent')"));
        assertEquals("EEXIST", py("os.mkdir('e/dir')"));
        assertEquals("EEXIST", py("os.open('e/file', os.O_CREAT | os.O_EXCL | os.O_WRONLY)"));
        assertEquals("ENOTDIR", py("os.listdir('e/file')"));
        assertEquals("ENOTDIR", py("open('e/file/x', 'w')"));
        assertEquals("EISDIR", py("open('e/dir', 'w')"));
        assertEquals("ENOTEMPTY", py("os.rmdir('e/dir')"));
        assertEquals("ENOTDIR", py("os.rmdir('e/file')"));
        assertTrue(py("os.unlink('e/dir')").matches("EISDIR|EPERM"));
        assertEquals("ENAMETOOLONG", py("open('e/' + 'n' * 256, 'w')"));
        assertEquals("EINVAL", py("os.rename('e/dir', 'e/dir/sub/inside')"));
        assertEquals("EINVAL", py("os.readlink('e/file')"));
        assertEquals("EPERM", py("os.link('e/dir', 'e/dirlink')"));
        assertEquals("ENODATA", py("os.getxattr('e/file', 'user.absent')"));
        assertEquals("OK", py("os.setxattr('e/file', 'user.k', b'v'); assert os.getxattr('e/file', 'user.k') == b'v'"));
        assertEquals("EEXIST", py("os.setxattr('e/file', 'user.k', b'w', os.XATTR_CREATE)"));
        assertEquals("OK", py("assert 'user.k' in os.listxattr('e/file'); os.removexattr('e/file', 'user.k')"));
        assertEquals("ENODATA", py("os.removexattr('e/file', 'user.k')"));
        // no ACLs, no SELinux labels: "not supported" (ls -l then stops asking for them)
        assertTrue(py("os.getxattr('e/file', 'system.posix_acl_access')").matches("ENOTSUP|EOPNOTSUPP"));
        assertTrue(py("os.setxattr('e/file', 'system.posix_acl_access', b'x')").matches("ENOTSUP|EOPNOTSUPP|EINVAL"));
        assertTrue(py("os.getxattr('e/file', 'security.selinux')").matches("ENOTSUP|EOPNOTSUPP"));
        assertEquals("EBADF", py("fd = os.open('e/file', os.O_RDONLY)\ntry:\n    os.write(fd, b'x')\nfinally:\n    os.close(fd)"));
    }

    @Test
    void renameSemantics() throws Exception {
        Path d = Files.createDirectories(root.resolve("r"));
        Files.createDirectories(d.resolve("full/x"));
        Files.createDirectories(d.resolve("empty"));
        Files.createDirectories(d.resolve("src"));
        Files.writeString(d.resolve("a"), "a");
        Files.writeString(d.resolve("b"), "b");
        assertEquals("OK", py("os.rename('r/a', 'r/b')"));
        assertEquals("a", Files.readString(d.resolve("b")));
        assertEquals("ENOTEMPTY", py("os.rename('r/src', 'r/full')"));
        assertEquals("OK", py("os.rename('r/src', 'r/empty')"));
        assertEquals("EISDIR", py("os.rename('r/b', 'r/empty')"));
        assertEquals("ENOTDIR", py("os.rename('r/empty', 'r/b')"));
        assertEquals("OK", py("os.rename('r/b', 'r/b')"));
        assertEquals("a", Files.readString(d.resolve("b")));
        // rename of an open file: the handle keeps working
        assertEquals("OK", py("f = open('r/b', 'r+')\nos.rename('r/b', 'r/c')\nf.seek(0, 2); f.write('z'); f.close()\n"
                + "assert open('r/c').read() == 'az'"));
    }

    @Test
    void linkCountsOfFilesAndDirectories() throws Exception {
        Path d = Files.createDirectories(root.resolve("n"));
        assertEquals("2", Sh.ok(null, "stat", "-c", "%h", d.toString()).trim());
        Files.createDirectories(d.resolve("s1"));
        Files.createDirectories(d.resolve("s2"));
        assertEquals("4", Sh.ok(null, "stat", "-c", "%h", d.toString()).trim());
        Files.delete(d.resolve("s2"));
        assertEquals("3", Sh.ok(null, "stat", "-c", "%h", d.toString()).trim());
        Files.writeString(d.resolve("f"), "f");
        Files.createLink(d.resolve("g"), d.resolve("f"));
        Files.createLink(d.resolve("s1/h"), d.resolve("f"));
        // libfuse2's high-level API gives each name its own kernel node: another name of the same
        // file may show its old link count until attr_timeout (1 s) passes
        Thread.sleep(1100);
        for (String name : new String[] {"f", "g", "s1/h"}) {
            assertEquals("3", Sh.ok(null, "stat", "-c", "%h", d.resolve(name).toString()).trim(), name);
        }
        // an unlinked file that is still open keeps its data
        assertEquals("OK", py("f = open('n/f')\nos.unlink('n/f'); os.unlink('n/g'); os.unlink('n/s1/h')\n"
                + "assert f.read() == 'f'\nf.close()"));
        // (fstat of a file unlinked while open fails with ENOENT through libfuse2's high-level API,
        // which has no path for it; the kernel protocol names the node: see docs/MOUNT.md)
        if (m.mount().serviceName().equals("fuse-direct")) {
            Files.writeString(d.resolve("k"), "kept");
            assertEquals("OK", py("f = open('n/k')\nos.unlink('n/k')\nst = os.fstat(f.fileno())\n"
                    + "assert st.st_nlink == 0 and st.st_size == 4, st\nassert f.read() == 'kept'\nf.close()"));
        }
    }

    @Test
    void permissionsForAnotherUser() throws Exception {
        assumeTrue(Sh.have("setpriv"), "setpriv (util-linux) is not installed");
        Path d = Files.createDirectories(root.resolve("p"));
        Files.writeString(d.resolve("secret"), "s");
        Sh.ok(null, "chmod", "600", d.resolve("secret").toString());
        Files.writeString(d.resolve("public"), "p");
        Sh.ok(null, "chmod", "644", d.resolve("public").toString());
        Files.createDirectories(d.resolve("closed"));
        Sh.ok(null, "chmod", "700", d.resolve("closed").toString());
        Files.createDirectories(d.resolve("shared"));
        Sh.ok(null, "chmod", "1777", d.resolve("shared").toString());
        String probe = "for op in 'cat secret' 'cat public' 'ls closed' 'touch newfile' 'sh -c \"echo x >> public\"'"
                + " 'touch shared/mine' 'chmod 777 public' 'chown 65534 public'; do"
                + " if sh -c \"$op\" 2>/tmp/qsfs-perm-err; then echo \"$op: ok\";"
                + " else echo \"$op: $(sed 's/.*: //' /tmp/qsfs-perm-err | tail -1)\"; fi; done";
        String out = Sh.ok(d, as("sh", "-c", probe));
        assertTrue(out.contains("cat secret: Permission denied"), out);
        assertTrue(out.contains("cat public: ok"), out);
        assertTrue(out.contains("ls closed: Permission denied") || out.contains("ls closed: cannot open"), out);
        assertTrue(out.contains("touch newfile: Permission denied") || out.contains("touch newfile: cannot touch"),
                out);
        assertTrue(out.contains("public\": Permission denied") || out.contains("echo x >> public\": Permission"),
                out);
        assertTrue(out.contains("touch shared/mine: ok"), out);
        assertTrue(out.contains("chmod 777 public: Operation not permitted"), out);
        assertTrue(out.contains("chown 65534 public: Operation not permitted"), out);
        assertEquals("65534", Sh.ok(null, "stat", "-c", "%u", d.resolve("shared/mine").toString()).trim());
        // sticky directory: root's file there cannot be removed by another user
        Files.writeString(d.resolve("shared/roots"), "r");
        var r = Sh.run(d, as("rm", "-f", "shared/roots")); // relative: the test's temporary directory above the mount is private
        assertTrue(r.exit() != 0 && r.out().contains("Operation not permitted"), r.out());

        // a file its owner may write but not read: writing part of a page works (the kernel's
        // writeback cache reads the rest of the page first: dropped from the page cache here),
        // reading stays refused
        Sh.ok(d, as("sh", "-c", "printf 0123456789 > shared/wo && chmod 200 shared/wo"));
        Sh.ok(null, "sh", "-c", "sync && echo 1 > /proc/sys/vm/drop_caches");
        assertEquals("written\nunreadable", Sh.ok(d, as("sh", "-c",
                "printf X | dd of=shared/wo bs=1 seek=3 conv=notrunc status=none && echo written"
                        + " && (cat shared/wo 2>/dev/null || echo unreadable)")).trim());
        assertEquals("012X456789", Files.readString(d.resolve("shared/wo")));
    }

    /** {@code command} as user and group 65534 (nobody), without supplementary groups. */
    private static String[] as(String... command) {
        String[] as = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"};
        String[] cmd = new String[as.length + command.length];
        System.arraycopy(as, 0, cmd, 0, as.length);
        System.arraycopy(command, 0, cmd, as.length, command.length);
        return cmd;
    }
}
