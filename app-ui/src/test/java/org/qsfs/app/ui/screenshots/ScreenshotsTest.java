package org.qsfs.app.ui.screenshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Screenshots of every window with real rendering: runs {@link ScreenshotMain} in its own JVM
 * under {@code xvfb-run} with the GTK glass platform (this JVM runs Monocle). Writes to
 * target/screenshots; with {@code -Dqsfs.updateScreenshots=true} also to docs/screenshots.
 * Skipped when xvfb-run is not installed (.ci/run installs it).
 */
class ScreenshotsTest {
    static final List<String> EXPECTED = List.of("first-run-welcome.png", "first-run-create.png",
            "first-run-recovery-phrase.png", "first-run-restore.png", "main-window.png", "versions.png", "settings-backends.png",
            "settings-redundancy.png", "settings-drive.png", "settings-key.png", "tray-icons.png");

    @Test
    void everyWindow() throws Exception {
        Assumptions.assumeTrue(onPath("xvfb-run"), "xvfb-run is not installed (apt-get install xvfb xauth)");
        boolean update = Boolean.getBoolean("qsfs.updateScreenshots");
        Path out = update ? Path.of("..", "docs", "screenshots").toAbsolutePath().normalize()
                : Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dglass.platform=gtk", "-Dprism.order=sw", "-Djava.awt.headless=false",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), ScreenshotMain.class.getName(), out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "screenshots.log").toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("screenshots timed out; see target/screenshots.log");
        }
        assertEquals(0, p.exitValue(), Files.readString(Path.of("target", "screenshots.log")));
        for (String name : EXPECTED) {
            BufferedImage img = ImageIO.read(out.resolve(name).toFile());
            assertTrue(img.getWidth() >= 300 && img.getHeight() >= 60, name);
            assertTrue(distinctColours(img) > 20, name + " looks blank");
        }
    }

    static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
                if (seen.size() > 100) {
                    return seen.size();
                }
            }
        }
        return seen.size();
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
