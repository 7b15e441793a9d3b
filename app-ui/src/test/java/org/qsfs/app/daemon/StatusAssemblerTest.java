package org.qsfs.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qsfs.app.control.ActivityDto;
import org.qsfs.app.control.BackendDto;
import org.qsfs.app.control.DriveState;
import org.qsfs.app.control.QueueDto;
import org.qsfs.app.control.StatusDto;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.BackendGroup;
import org.qsfs.engine.config.CacheConfig;
import org.qsfs.engine.config.HostPort;
import org.qsfs.engine.config.MetadataConfig;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.config.Timeouts;

/** The drive's state and summary: a volume that stopped working outranks every backend state. */
class StatusAssemblerTest {
    private static final MountInfo MOUNTED = MountInfo.mounted("/mnt/q", "io_uring", null);

    private static QsfsConfig config() {
        List<BackendConfig> a = new ArrayList<>();
        List<BackendConfig> b = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            (i < 3 ? a : b).add(new BackendConfig(new HostPort("127.0.0.1", 9900 + i), "default", null));
        }
        return new QsfsConfig(4, 2, 0, 1 << 20, Path.of("qsfs.key"), List.of(new BackendGroup("site-a", a),
                new BackendGroup("site-b", b)), new MetadataConfig(2, 2, List.of(a.get(0), a.get(1), a.get(2), b.get(0))),
                new CacheConfig(Path.of("cache"), 1L << 30), new Timeouts(Duration.ofMillis(500), Duration.ofSeconds(2)));
    }

    private static List<BackendDto> healthyRows() {
        List<BackendDto> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(new BackendDto("data", i < 3 ? "site-a" : "site-b", "127.0.0.1:" + (9900 + i), "default",
                    "HEALTHY", null, 1.0, 0, 1L << 30, 0));
        }
        for (int i = 0; i < 4; i++) { // k+m of the metadata
            rows.add(new BackendDto("meta", "meta", "127.0.0.1:" + (9900 + i), "default", "HEALTHY", null, 1.0, 0,
                    1L << 30, 0));
        }
        return rows;
    }

    /** How requests reach the drive, and a hint to make it faster, go into the status as they are. */
    @Test
    void theMountsTransportAndHintAreShown() {
        StatusAssembler assembler = new StatusAssembler(config());
        String hint = "echo Y > /sys/module/fuse/parameters/enable_uring";
        StatusDto s = assembler.assemble(healthyRows(), QueueDto.NONE, false, 0,
                MountInfo.mounted("/mnt/q", "/dev/fuse", hint), null, ActivityDto.IDLE, List.of(), 1);
        assertEquals("/mnt/q", s.mountPoint());
        assertEquals("/dev/fuse", s.mountTransport());
        assertEquals(hint, s.mountHint());
        assertEquals(DriveState.OK, s.driveState(), "a hint is no problem: " + s.summary());
        StatusDto none = assembler.assemble(healthyRows(), QueueDto.NONE, false, -1,
                MountInfo.notMounted("started with --no-mount"), null, ActivityDto.IDLE, List.of(), 1);
        assertEquals(null, none.mountPoint());
        assertEquals(null, none.mountTransport());
        assertEquals("started with --no-mount", none.mountProblem());
    }

    /** Healthy backends but failing uploads (a full namespace answers PING): the summary says why, not just "uploading". */
    @Test
    void failingUploadsAreDegradedAndSayWhy() {
        StatusAssembler assembler = new StatusAssembler(config());
        String why = "127.0.0.1:9903/default: namespace full (maxsize reached)";
        QueueDto stuck = new QueueDto(true, 5L << 20, 5, 0, -1, why);
        StatusDto s = assembler.assemble(healthyRows(), stuck, false, 0, MOUNTED, null, ActivityDto.IDLE,
                List.of(), 1);
        assertEquals(DriveState.DEGRADED, s.driveState(), s.summary());
        assertTrue(s.summary().startsWith("Uploads are failing, 5 MiB waits") && s.summary().endsWith(why),
                s.summary());
        StatusDto paused = assembler.assemble(healthyRows(), stuck, true, 0, MOUNTED, null, ActivityDto.IDLE,
                List.of(), 1);
        assertEquals(DriveState.SYNCING, paused.driveState(), "paused on purpose: " + paused.summary());
        StatusDto flowing = assembler.assemble(healthyRows(), new QueueDto(true, 5L << 20, 5, 1e6, 5, null), false, 0,
                MOUNTED, null, ActivityDto.IDLE, List.of(), 1);
        assertEquals(DriveState.SYNCING, flowing.driveState(), flowing.summary());
    }

    @Test
    void aStoppedVolumeIsAnErrorThatSaysWhatToDo() {
        StatusAssembler assembler = new StatusAssembler(config());
        StatusDto ok = assembler.assemble(healthyRows(), QueueDto.NONE, false, 0, MOUNTED, null,
                ActivityDto.IDLE, List.of(), 1);
        assertEquals(DriveState.OK, ok.driveState(), ok.summary());

        String why = "EIO: the volume database lost its uncommitted changes (disk full): free space, then unmount"
                + " and mount the volume again";
        StatusDto stopped = assembler.assemble(healthyRows(), QueueDto.NONE, false, 0, MOUNTED, why,
                ActivityDto.IDLE, List.of(), 1);
        assertEquals(DriveState.ERROR, stopped.driveState());
        assertTrue(stopped.summary().startsWith("The drive stopped working; QSFS mounts it again by itself") && stopped.summary().endsWith(why),
                stopped.summary());
    }
}
