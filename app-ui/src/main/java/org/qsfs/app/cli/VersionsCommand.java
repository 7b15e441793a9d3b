package org.qsfs.app.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.app.control.VersionDto;
import org.qsfs.app.control.VersionsDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "versions", description = {"List what the mounted drive keeps for PATH (a path inside the drive,"
        + " e.g. /docs/report.odt): every content replaced or deleted, oldest first, then the current one.",
        "Bring one back with `qsfs restore-version PATH ID`; a whole past tree is under the drive's"
        + " hidden /.snapshots/ directory. Asks the running daemon (`qsfs mount` or the app)."})
final class VersionsCommand extends QsfsCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "the path inside the drive, starting with /")
    String path;

    @Override
    int run() throws Exception {
        VersionsDto list = DaemonClients.connect(env()).versions(path);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "KIND", "MODIFIED", "KEPT AT", "SIZE"});
        for (VersionDto v : list.versions()) {
            rows.add(new String[] {v.id(), v.kind(), Instant.ofEpochMilli(v.modifiedMs()).toString(),
                    v.current() ? "-" : Instant.ofEpochMilli(v.savedMs()).toString(), Long.toString(v.size())});
        }
        TextTable.print(out(), rows, 4);
        out().flush();
        return ExitCode.OK;
    }
}
