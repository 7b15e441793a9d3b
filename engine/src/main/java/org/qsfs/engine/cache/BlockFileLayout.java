package org.qsfs.engine.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the block files live: {@code <dir>/<id mod 256, 2 hex>/<id>}, and which are there
 * (the orphan scan at open).
 */
final class BlockFileLayout {
    /** "00" .. "ff": String.format per block file was a few microseconds of every small file's write and upload. */
    private static final String[] SUBDIRS = new String[256];

    static {
        for (int i = 0; i < 256; i++) {
            SUBDIRS[i] = String.format("%02x", i);
        }
    }

    private final Path dir;

    /** Creates the directory and its 256 subdirectories. */
    BlockFileLayout(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        for (String sub : SUBDIRS) {
            Files.createDirectories(dir.resolve(sub));
        }
    }

    Path dir() {
        return dir;
    }

    Path path(long id) {
        return dir.resolve(SUBDIRS[(int) (id & 0xFF)]).resolve(Long.toString(id));
    }

    /** Block ids of the files present and their sizes; deletes files whose name is no block id. */
    Map<Long, Long> scan() throws IOException {
        Map<Long, Long> out = new HashMap<>();
        try (DirectoryStream<Path> subs = Files.newDirectoryStream(dir)) {
            for (Path sub : subs) {
                if (!Files.isDirectory(sub)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(sub)) {
                    for (Path f : files) {
                        try {
                            out.put(Long.parseLong(f.getFileName().toString()), Files.size(f));
                        } catch (NumberFormatException e) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
        }
        return out;
    }
}
