package org.qsfs.mount.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Builds directory trees with files of many sizes, and digests trees with sha256sum. */
public final class Trees {
    private Trees() {
    }

    /** About {@code files} files in nested directories, sizes from 0 to ~2 MiB, some compressible. */
    public static void make(Path root, int files, long seed) throws IOException {
        Random r = new Random(seed);
        Files.createDirectories(root);
        for (int i = 0; i < files; i++) {
            Path d = root.resolve("d" + (i % 7)).resolve("e" + (i % 3));
            Files.createDirectories(d);
            int size = switch (i % 5) {
                case 0 -> 0;
                case 1 -> r.nextInt(100);
                case 2 -> r.nextInt(64 * 1024);
                case 3 -> 128 * 1024 + r.nextInt(4096);
                default -> r.nextInt(2 * 1024 * 1024);
            };
            byte[] b = new byte[size];
            if (i % 2 == 0) {
                r.nextBytes(b);
            } else {
                for (int j = 0; j < size; j++) {
                    b[j] = (byte) ('a' + (j * 31 + i) % 26);
                }
            }
            Files.write(d.resolve("f" + i + ".dat"), b);
        }
        Files.createDirectories(root.resolve("empty/dir"));
    }

    /** "sha256  ./relative/path" lines of every file under {@code root}, sorted. */
    public static String digest(Path root) throws IOException, InterruptedException {
        return Sh.bash(root, "find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum");
    }

    /** Relative paths of every directory, file and link under {@code root}, sorted. */
    public static String listing(Path root) throws IOException, InterruptedException {
        return Sh.bash(root, "find . -printf '%y %p\\n' | LC_ALL=C sort");
    }
}
