package org.qsfs.app.ui.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.qsfs.app.settings.AtomicWrite;

/**
 * "Start at login": an XDG autostart entry on Linux ({@code ~/.config/autostart/qsfs.desktop}).
 * On macOS and Windows the installers register the login item; here it is only recorded.
 */
public final class Autostart {
    private Autostart() {
    }

    public static Path entry(Path home) {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isEmpty() && home.equals(Path.of(System.getProperty("user.home")))
                ? Path.of(xdg) : home.resolve(".config");
        return config.resolve("autostart/qsfs.desktop");
    }

    public static void set(Path home, boolean on, String command) throws IOException {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return;
        }
        Path f = entry(home);
        if (!on) {
            Files.deleteIfExists(f);
            return;
        }
        String desktop = "[Desktop Entry]\nType=Application\nName=QSFS\nComment=The Quantum Safe Filesystem\n"
                + "Exec=" + command + "\nX-GNOME-Autostart-enabled=true\n";
        AtomicWrite.write(f, desktop.getBytes(StandardCharsets.UTF_8), false);
    }
}
