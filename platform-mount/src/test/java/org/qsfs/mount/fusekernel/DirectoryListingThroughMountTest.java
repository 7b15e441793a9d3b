package org.qsfs.mount.fusekernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.testing.MountedDemo;

/**
 * Listing directories through a real mount: the kernel is told on the first OPENDIR that
 * directories need no handle, and sends no OPENDIR or RELEASEDIR after it (two round trips
 * fewer per directory listed). Listings, including large ones read in several pages, changes
 * between listings, and the {@code .snapshots} tree, stay correct without them.
 */
class DirectoryListingThroughMountTest {
    @TempDir
    Path dir;

    @Test
    void directoriesAreListedWithoutOpendirRoundTrips() throws Exception {
        try (MountedDemo d = MountedDemo.start(dir, MountRequest.at(dir.resolve("mnt").toString()),
                FuseKernelMountService.NAME)) {
            KernelMount m = (KernelMount) d.mount();
            assumeTrue(m.served(FuseKernelAbi.INIT) == 1);
            Path big = Files.createDirectories(d.path("a/big"));
            TreeSet<String> names = new TreeSet<>();
            for (int i = 0; i < 600; i++) { // ~ a dozen READDIRPLUS pages
                String n = "file-with-a-longish-name-" + i;
                Files.writeString(big.resolve(n), "x" + i);
                names.add(n);
            }
            for (int i = 0; i < 20; i++) {
                Files.createDirectories(d.path("a/sub" + i + "/deeper"));
            }
            assertEquals(names, list(big));
            long opendirs = m.served(FuseKernelAbi.OPENDIR);
            assertTrue(opendirs <= 1, "only the first OPENDIR is sent: " + opendirs);

            try (Stream<Path> walk = Files.walk(d.path("a"))) {
                assertEquals(1 + 1 + 600 + 20 * 2, walk.count());
            }
            Files.delete(big.resolve("file-with-a-longish-name-7"));
            Files.writeString(big.resolve("new"), "n");
            names.remove("file-with-a-longish-name-7");
            names.add("new");
            assertEquals(names, list(big), "a listing after a change shows the change");
            assertThrows(NotDirectoryException.class, () -> list(big.resolve("new")));

            assertTrue(list(d.path(".snapshots")).size() >= 1, "the snapshot tree is listed too");
            assertEquals(opendirs, m.served(FuseKernelAbi.OPENDIR), "no OPENDIR after the first");
            assertEquals(0, m.served(FuseKernelAbi.RELEASEDIR));
            assertTrue(m.served(FuseKernelAbi.READDIRPLUS) > 0);
        }
    }

    private static TreeSet<String> list(Path p) throws Exception {
        try (Stream<Path> s = Files.list(p)) {
            List<String> l = s.map(x -> x.getFileName().toString()).collect(Collectors.toList());
            return new TreeSet<>(l);
        }
    }
}
