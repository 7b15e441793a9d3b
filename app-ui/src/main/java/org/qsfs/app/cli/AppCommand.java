package org.qsfs.app.cli;

import picocli.CommandLine.Command;

@Command(name = "app", description = {"Open the QSFS desktop app (first-run setup, the drive's status, settings,"
        + " tray icon). It starts or attaches to the qsfs daemon; a second launch brings the open window to front."})
final class AppCommand extends QsfsCommand {
    @Override
    int run() throws Exception {
        org.qsfs.app.ui.QsfsApp.launchApp();
        return ExitCode.OK;
    }
}
