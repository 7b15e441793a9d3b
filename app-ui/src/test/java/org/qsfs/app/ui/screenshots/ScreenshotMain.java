package org.qsfs.app.ui.screenshots;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.qsfs.app.control.DriveState;
import org.qsfs.app.settings.SettingsStore;
import org.qsfs.app.ui.firstrun.FirstRunModel;
import org.qsfs.app.ui.firstrun.FirstRunWindow;
import org.qsfs.app.ui.main.DriveModel;
import org.qsfs.app.ui.main.MainWindow;
import org.qsfs.app.ui.settings.BackendEntry;
import org.qsfs.app.ui.settings.ConfigDraft;
import org.qsfs.app.ui.settings.SettingsContext;
import org.qsfs.app.ui.settings.SettingsWindow;
import org.qsfs.app.ui.tray.TrayIcons;
import org.qsfs.engine.config.HostPort;
import org.qsfs.engine.crypto.Argon2Params;

/**
 * Takes a PNG of every window with real rendering (GTK under Xvfb), into the directory given
 * as the first argument. Run by {@link ScreenshotsTest} in its own JVM.
 */
public final class ScreenshotMain {
    private static Path out;

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static final FirstRunWindow.Outcome NOTHING = new FirstRunWindow.Outcome() {
        @Override
        public void keyReady(boolean restored) {
        }

        @Override
        public void tryLocally() {
        }
    };

    private static void run(String[] args) throws Exception {
        out = Path.of(args[0]);
        Files.createDirectories(out);
        Path tmp = Files.createTempDirectory("qsfs-shots");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);

        // first run: welcome, then the recovery phrase page
        FirstRunWindow first = onFx(() -> new FirstRunWindow(new FirstRunModel(tmp.resolve("qsfs.key"),
                new Argon2Params(64, 1, 1)), new FirstRunWindow.Outcome() {
                    @Override
                    public void keyReady(boolean restored) {
                    }

                    @Override
                    public void tryLocally() {
                    }
                }));
        Stage firstStage = onFx(() -> show(first.scene(), "Welcome to QSFS"));
        shoot(firstStage, "first-run-welcome.png");
        onFx(() -> click(first.root().lookup("#createChoice")));
        onFx(() -> {
            ((TextInputControl) first.root().lookup("#newPassphrase")).setText("correct horse battery staple");
            ((TextInputControl) first.root().lookup("#repeatPassphrase")).setText("correct horse battery staple");
            return null;
        });
        shoot(firstStage, "first-run-create.png");
        onFx(() -> {
            ((Button) first.root().lookup("#createKey")).fire();
            return null;
        });
        waitUntil(() -> onFx(() -> first.root().lookup("#recoveryPhrase") != null));
        onFx(() -> {
            ((CheckBox) first.root().lookup("#phraseConfirmed")).setSelected(true);
            return null;
        });
        shoot(firstStage, "first-run-recovery-phrase.png");
        onFx(() -> {
            firstStage.close();
            return null;
        });
        FirstRunWindow restore = onFx(() -> new FirstRunWindow(new FirstRunModel(tmp.resolve("other.key"),
                new Argon2Params(64, 1, 1)), NOTHING));
        Stage restoreStage = onFx(() -> show(restore.scene(), "Welcome to QSFS"));
        onFx(() -> click(restore.root().lookup("#restoreChoice")));
        shoot(restoreStage, "first-run-restore.png");
        onFx(() -> {
            restoreStage.close();
            return null;
        });

        // main window with a sample status (a mounted drive uploading, one backend down)
        DriveModel model = onFx(DriveModel::new);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 60; i++) {
            double rate = (38 + 14 * Math.sin(i / 5.0) + (i % 7) * 1.5) * (1 << 20);
            int t = i;
            onFx(() -> {
                model.update(SampleStatus.uploading(now - (59 - t) * 2000L, rate));
                return null;
            });
        }
        MainWindow main = onFx(() -> new MainWindow(model, new MainWindow.Actions() {
            @Override
            public void openDrive() {
            }

            @Override
            public void togglePause() {
            }

            @Override
            public void openSettings() {
            }

            @Override
            public void openVersions() {
            }
        }));
        Stage mainStage = onFx(() -> show(main.scene(), "QSFS"));
        shoot(mainStage, "main-window.png");
        onFx(() -> {
            mainStage.close();
            return null;
        });

        // the versions of one file, as the daemon lists them (oldest first, the current one last)
        org.qsfs.app.ui.versions.VersionsModel versions = new org.qsfs.app.ui.versions.VersionsModel(null,
                Path.of(System.getProperty("user.home"), "QSFS"));
        Stage versionsStage = onFx(() -> {
            versions.drivePathProperty().set("/docs/report.odt");
            long day = 86_400_000L;
            versions.versions().setAll(List.of(
                    new org.qsfs.app.control.VersionDto("1042:1", "overwritten", 48_213, now - 9 * day, now - 6 * day, false),
                    new org.qsfs.app.control.VersionDto("1042:2", "overwritten", 51_870, now - 6 * day, now - 2 * day, false),
                    new org.qsfs.app.control.VersionDto("1042:3", "deleted", 52_004, now - 2 * day, now - 3_600_000L, false),
                    new org.qsfs.app.control.VersionDto("1077:0", "current", 52_004, now - 3_000_000L, 0, true)));
            versions.messageProperty().set("/docs/report.odt: 3 older contents kept. Select one and press Restore to"
                    + " make it the file's content again.");
            Stage s = new Stage();
            new org.qsfs.app.ui.versions.VersionsWindow(versions).showIn(s);
            return s;
        });
        shoot(versionsStage, "versions.png");
        onFx(() -> {
            versionsStage.close();
            return null;
        });

        // settings: each tab, the backends tab with an inline error
        ConfigDraft draft = new ConfigDraft();
        String[] sites = {"amsterdam", "ghent", "zurich"};
        for (int s = 0; s < 3; s++) {
            for (int i = 1; i <= 3; i++) {
                draft.backends.add(new BackendEntry("data", sites[s], new HostPort("10." + (2 + s) + "0.1." + (10 + i),
                        9900), "qsfs-data", i == 2 ? "secret" : null));
            }
        }
        for (int i = 0; i < 4; i++) {
            draft.backends.add(new BackendEntry("meta", "metadata", new HostPort("10." + (2 + i % 3) + "0.1." + (20 + i),
                    9900), "qsfs-meta", null));
        }
        draft.k = 6;
        draft.m = 3;
        draft.lostSites = 1;
        draft.keyFile = Path.of("/home/alex/.config/qsfs/qsfs.key");
        draft.cacheDir = Path.of("/home/alex/.cache/qsfs");
        SettingsStore store = new SettingsStore(tmp.resolve("settings.json"));
        SettingsWindow settings = onFx(() -> new SettingsWindow(new SettingsContext(Path.of("/home/alex"),
                tmp.resolve("qsfs.toml"), store, store.load(), draft, Duration.ofSeconds(1)), () -> { }));
        Stage settingsStage = onFx(() -> show(settings.scene(), "QSFS Settings"));
        onFx(() -> {
            ((TextInputControl) settings.root().lookup("#site")).setText("office");
            ((TextInputControl) settings.root().lookup("#address")).setText("192.168.1.40");
            ((Button) settings.root().lookup("#addBackend")).fire();
            return null;
        });
        shoot(settingsStage, "settings-backends.png");
        TabPane tabs = (TabPane) settings.root().lookup("#tabs");
        for (int i = 1; i < 4; i++) {
            int tab = i;
            onFx(() -> {
                tabs.getSelectionModel().select(tab);
                return null;
            });
            String name = List.of("backends", "redundancy", "drive", "key").get(i);
            shoot(settingsStage, "settings-" + name + ".png");
        }
        onFx(() -> {
            settingsStage.close();
            return null;
        });

        // the tray icon in each state, 64 px
        BufferedImage strip = new BufferedImage(4 * 80, 80, BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = strip.createGraphics();
        g.setColor(new java.awt.Color(0xf8fafc));
        g.fillRect(0, 0, strip.getWidth(), strip.getHeight());
        int x = 8;
        for (DriveState s : DriveState.values()) {
            g.drawImage(TrayIcons.image(s, 64), x, 8, null);
            x += 80;
        }
        g.dispose();
        ImageIO.write(strip, "png", out.resolve("tray-icons.png").toFile());
        Platform.exit();
    }

    private static Object click(Node n) {
        if (n != null) {
            n.fireEvent(new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_CLICKED, 1, 1, 1, 1,
                    javafx.scene.input.MouseButton.PRIMARY, 1, false, false, false, false, true, false, false, true,
                    false, false, null));
        }
        return null;
    }

    private static Stage show(Scene scene, String title) {
        Stage s = new Stage();
        s.setTitle(title);
        s.setScene(scene);
        s.show();
        return s;
    }

    private static void shoot(Stage stage, String name) throws Exception {
        Thread.sleep(400); // layout, CSS and fonts settle over a few pulses
        WritableImage img = onFx(() -> stage.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.resolve(name).toFile());
        System.out.println("wrote " + out.resolve(name));
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.call()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(50);
        }
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        AtomicReference<T> v = new AtomicReference<>();
        AtomicReference<Exception> e = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                v.set(c.call());
            } catch (Exception ex) {
                e.set(ex);
            } finally {
                done.countDown();
            }
        });
        done.await();
        if (e.get() != null) {
            throw e.get();
        }
        return v.get();
    }
}
