package org.qsfs.mount.fusekernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.MountedVolume;
import org.qsfs.mount.fuse.MountTable;
import org.qsfs.mount.testing.DemoVolume;

/**
 * The mount raises its backing device's read-ahead to 8 MiB (sequential reads arrive as 1 MiB
 * READs, eight in flight). The kernel applies INIT's max_readahead (128 KiB) when it gets our
 * INIT reply; the mount used to set sysfs before that reply was written, so about one mount in
 * four kept 128 KiB (4,096 READs instead of 512 for a 512 MiB dd).
 */
class ReadaheadThroughMountTest {
    @TempDir
    Path dir;

    @Test
    void everyMountReadsAheadEightMebibytes() throws Exception {
        FuseKernelMountService service = new FuseKernelMountService();
        assumeTrue(service.isAvailableHere(), service.unavailableReason());
        Path mp = Files.createDirectories(dir.resolve("mnt"));
        try (DemoVolume v = DemoVolume.start(dir.resolve("vol"))) {
            for (int i = 0; i < 8; i++) {
                MountedVolume m = MountServices.choose(FuseKernelMountService.NAME).mount(v.fs(),
                        MountRequest.at(mp.toString()));
                try {
                    String conn = MountTable.at(mp).orElseThrow().connection();
                    Path ra = Path.of("/sys/class/bdi/0:" + conn + "/read_ahead_kb");
                    assumeTrue(Files.isWritable(ra), "needs root to set " + ra);
                    assertEquals(String.valueOf(InitNegotiation.readahead() / 1024), Files.readString(ra).trim(), "mount #" + i);
                } finally {
                    m.unmount(false);
                }
            }
        }
    }
}
