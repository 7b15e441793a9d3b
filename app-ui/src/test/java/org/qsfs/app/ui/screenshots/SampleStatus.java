package org.qsfs.app.ui.screenshots;

import java.util.ArrayList;
import java.util.List;
import org.qsfs.app.control.ActivityDto;
import org.qsfs.app.control.BackendDto;
import org.qsfs.app.control.EventDto;
import org.qsfs.app.control.QueueDto;
import org.qsfs.app.control.StatusDto;

/** Sample daemon answers for the screenshots (a mounted drive uploading, one backend down). */
final class SampleStatus {
    private SampleStatus() {
    }

    static StatusDto uploading(long now, double rate) {
        List<BackendDto> rows = new ArrayList<>();
        String[][] sites = {{"amsterdam", "10.20.1."}, {"ghent", "10.30.1."}, {"zurich", "10.40.1."}};
        int n = 0;
        for (String[] s : sites) {
            for (int i = 1; i <= 3; i++) {
                boolean down = s[0].equals("ghent") && i == 2;
                rows.add(new BackendDto("data", s[0], s[1] + (10 + i) + ":9900", "qsfs-data", down ? "UNREACHABLE"
                        : "HEALTHY", down ? "connection refused" : "", down ? -1 : 3.2 + n * 1.7,
                        down ? -1 : (41L << 30) + n * (350L << 20), down ? -1 : (459L << 30) - n * (350L << 20),
                        down ? -1 : 10_482 + n * 37L));
                n++;
            }
        }
        for (int i = 0; i < 4; i++) {
            rows.add(new BackendDto("meta", "metadata", sites[i % 3][1] + (20 + i) + ":9900", "qsfs-meta", "HEALTHY",
                    "", 2.1 + i, 12L << 20, -1, 3_120 + i));
        }
        List<EventDto> events = List.of(
                new EventDto(now - 20_000, "warning", "Backend 10.30.1.12:9900/qsfs-data (ghent) stopped answering:"
                        + " connection refused"),
                new EventDto(now - 600_000, "info", "Uploaded 1,204 files (2.3 GiB); all of them are safe."),
                new EventDto(now - 3_600_000, "info", "Scrub finished: 20,481 shards checked, no problems."),
                new EventDto(now - 7_200_000, "info", "Drive mounted at /home/alex/QSFS."));
        return new StatusDto("DEGRADED", "1 of 13 backends is not working; your files are still readable.",
                "/home/alex/QSFS", null, "io_uring", null, 250L << 30, 375L << 30, 1.5, 6, 3, false,
                new QueueDto(true, 1_288L << 20, 214, rate, 28, null), rows,
                new ActivityDto("rebuilding 96 shards that were on 10.30.1.12 (40%)", "last full scrub 1 h ago, no"
                        + " problems", 1_842, 12), events, now);
    }
}
