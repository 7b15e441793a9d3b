package org.qsfs.app.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a folder in the OS's file manager. */
public final class FileManager {
    private FileManager() {
    }

    public static void open(Path folder) throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String[] cmd = os.startsWith("mac") ? new String[] {"open", folder.toString()}
                : os.startsWith("windows") ? new String[] {"explorer.exe", folder.toString()}
                : new String[] {"xdg-open", folder.toString()};
        try {
            new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException e) {
            throw new IOException("cannot open " + folder + " in the file manager (" + cmd[0] + ": " + e.getMessage()
                    + "); open it yourself", e);
        }
    }
}
