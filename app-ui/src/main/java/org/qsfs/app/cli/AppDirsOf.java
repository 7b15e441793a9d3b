package org.qsfs.app.cli;

import org.qsfs.app.settings.AppDirs;

/** The OS directories as seen from a command's environment (its home and variables). */
final class AppDirsOf {
    private AppDirsOf() {
    }

    static AppDirs of(CliEnvironment env) {
        return AppDirs.of(System.getProperty("os.name", ""), env.home(), env.env());
    }
}
