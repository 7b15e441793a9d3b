package org.qsfs.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.qsfs.app.control.ControlClient;
import org.qsfs.app.control.ControlException;
import org.qsfs.app.settings.AppDirs;
import org.qsfs.app.settings.Settings;
import org.qsfs.app.settings.SettingsStore;
import org.qsfs.app.ui.firstrun.FirstRunModel;
import org.qsfs.app.ui.firstrun.FirstRunWindow;
import org.qsfs.app.ui.main.DriveModel;
import org.qsfs.app.ui.main.MainWindow;
import org.qsfs.app.ui.main.StatusPoller;
import org.qsfs.app.ui.settings.ConfigDraft;
import org.qsfs.app.ui.settings.SettingsContext;
import org.qsfs.app.ui.settings.SettingsWindow;
import org.qsfs.app.ui.tray.TrayController;
import org.qsfs.app.ui.tray.TrayMenuModel;
import org.qsfs.app.ui.versions.VersionsModel;
import org.qsfs.app.ui.versions.VersionsWindow;
import org.qsfs.engine.config.CacheConfig;
import org.qsfs.engine.config.ConfigLoader;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.crypto.Argon2Params;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the desktop app: first run or main window, the settings window, the tray, and the
 * daemon it starts or attaches to. Closing the main window hides it when there is a tray
 * (the app keeps running there); without a tray, closing it quits the app. The drive (the
 * daemon) keeps running either way.
 */
public final class AppController {
    private static final Logger log = LoggerFactory.getLogger(AppController.class);

    private final AppDirs dirs;
    private final Stage stage;
    private final SettingsStore store;
    private final Settings settings;
    private final DriveModel model = new DriveModel();
    private final DaemonLink link;
    private StatusPoller poller;
    private TrayController tray;
    private Stage settingsStage;
    private Stage versionsStage;

    public AppController(AppDirs dirs, Stage stage) {
        this.dirs = dirs;
        this.stage = stage;
        this.store = new SettingsStore(dirs.settingsFile());
        this.settings = store.load();
        this.link = new ClientLink(dirs.controlFile());
    }

    public void start() {
        tray = TrayController.install(this::onTray);
        Platform.setImplicitExit(tray == null);
        stage.setOnCloseRequest(e -> {
            if (tray != null) {
                e.consume();
                stage.hide();
            }
        });
        if (settings.configured()) {
            showMain();
        } else {
            showFirstRun();
        }
    }

    public void toFront() {
        stage.show();
        stage.setIconified(false);
        stage.toFront();
    }

    public void stop() {
        if (poller != null) {
            poller.close();
        }
        if (tray != null) {
            tray.remove();
        }
    }

    private void showFirstRun() {
        FirstRunModel m = new FirstRunModel(dirs.config().resolve("qsfs.key"), Argon2Params.DEFAULT);
        new FirstRunWindow(m, new FirstRunWindow.Outcome() {
            @Override
            public void keyReady(boolean restored) {
                openSettings(true);
            }

            @Override
            public void tryLocally() {
                settings.demo = true;
                settings.volumeConfig = dirs.demoDir().resolve("qsfs.toml").toString();
                save();
                showMain();
            }
        }).showIn(stage);
    }

    private void showMain() {
        MainWindow w = new MainWindow(model, new MainWindow.Actions() {
            @Override
            public void openDrive() {
                try {
                    FileManager.open(Path.of(model.mountPointProperty().get()));
                } catch (IOException e) {
                    error(e.getMessage());
                }
            }

            @Override
            public void togglePause() {
                boolean pause = !model.pausedProperty().get();
                Background.run(() -> pause ? link.pause() : link.resume(), r -> poller.pollOnce(),
                        e -> error(e.getMessage()));
                settings.syncPaused = pause;
                save();
            }

            @Override
            public void openSettings() {
                AppController.this.openSettings(false);
            }

            @Override
            public void openVersions() {
                AppController.this.openVersions();
            }
        });
        w.showIn(stage);
        model.stateProperty().addListener((o, was, now) -> updateTray());
        model.pausedProperty().addListener((o, was, now) -> updateTray());
        model.mountedProperty().addListener((o, was, now) -> updateTray());
        updateTray();
        poller = new StatusPoller(link, model);
        connect();
    }

    /** Attaches to a running daemon, or asks for the passphrase (not for the demo) and starts one. */
    private void connect() {
        Background.run(this::daemonAnswers, running -> {
            if (running) {
                poller.start(Duration.ofSeconds(2));
                return;
            }
            char[] pass = settings.demo ? null : askPassphrase();
            if (!settings.demo && pass == null) {
                model.unreachable("The drive is not mounted: it needs the key's passphrase. Reopen QSFS, or run"
                        + " `qsfs mount` in a terminal.");
                poller.start(Duration.ofSeconds(5));
                return;
            }
            Background.run(() -> {
                startDaemon(pass);
                return true;
            }, ok -> poller.start(Duration.ofSeconds(2)), e -> {
                model.unreachable(e.getMessage());
                poller.start(Duration.ofSeconds(5));
            });
        }, e -> {
            model.unreachable(e.getMessage());
            poller.start(Duration.ofSeconds(5));
        });
    }

    private boolean daemonAnswers() {
        try {
            ControlClient.forFile(dirs.controlFile()).status();
            return true;
        } catch (ControlException notRunning) {
            return false;
        }
    }

    private char[] askPassphrase() {
        javafx.scene.control.Dialog<char[]> d = new javafx.scene.control.Dialog<>();
        d.setTitle("Unlock QSFS");
        d.setHeaderText("Enter the passphrase of your key to mount the drive");
        javafx.scene.control.PasswordField field = new javafx.scene.control.PasswordField();
        field.setId("unlockPassphrase");
        field.setPrefWidth(320);
        d.getDialogPane().setContent(field);
        d.getDialogPane().getButtonTypes().addAll(javafx.scene.control.ButtonType.OK,
                javafx.scene.control.ButtonType.CANCEL);
        d.setResultConverter(b -> b == javafx.scene.control.ButtonType.OK ? field.getText().toCharArray() : null);
        Styles.apply(d.getDialogPane().getScene());
        Platform.runLater(field::requestFocus);
        return d.showAndWait().orElse(null);
    }

    /**
     * Starts the daemon for the configured volume. The passphrase goes through an owner-only
     * file that is deleted as soon as the daemon answers (never on a command line).
     */
    private void startDaemon(char[] pass) throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(settings.demo ? List.of("demo", "--no-passphrase")
                : List.of("mount", "--config", settings.volumeConfig));
        Path passFile = null;
        if (!settings.demo) {
            if (settings.mountPoint != null) {
                args.addAll(List.of("--mount-point", settings.mountPoint));
            }
            if (settings.bandwidthLimit > 0) {
                args.addAll(List.of("--upload-limit", Long.toString(settings.bandwidthLimit)));
            }
            if (settings.syncPaused) {
                args.add("--paused");
            }
            passFile = dirs.config().resolve(".unlock-" + ProcessHandle.current().pid());
            java.nio.ByteBuffer bb = java.nio.charset.StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pass));
            byte[] bytes = new byte[bb.remaining()];
            bb.get(bytes);
            java.util.Arrays.fill(pass, '\0');
            org.qsfs.app.settings.AtomicWrite.write(passFile, bytes, true);
            java.util.Arrays.fill(bytes, (byte) 0);
            args.addAll(List.of("--passphrase-file", passFile.toString()));
        }
        try {
            DaemonProcess.start(args, Map.of("QSFS_CONTROL_FILE", dirs.controlFile().toString()), dirs.controlFile(),
                    dirs.data().resolve("daemon.log"), Duration.ofSeconds(60));
        } finally {
            if (passFile != null) {
                Files.deleteIfExists(passFile);
            }
        }
        if (settings.demo && settings.syncPaused) {
            link.pause();
        }
    }

    private void openVersions() {
        if (versionsStage != null && versionsStage.isShowing()) {
            versionsStage.toFront();
            return;
        }
        // the mount point property shows why the drive is not mounted when it is not: no path then
        Path mp = model.mountedProperty().get() ? Path.of(model.mountPointProperty().get()) : null;
        versionsStage = new Stage();
        new VersionsWindow(new VersionsModel(link, mp)).showIn(versionsStage);
    }

    private void openSettings(boolean firstRun) {
        if (settingsStage != null && settingsStage.isShowing()) {
            settingsStage.toFront();
            return;
        }
        ConfigDraft draft;
        Path config = settings.volumeConfig != null ? Path.of(settings.volumeConfig) : dirs.volumeConfig();
        try {
            draft = Files.exists(config) ? ConfigDraft.of(new ConfigLoader(dirs.home()).load(config)) : newDraft();
        } catch (Exception e) {
            error(e.getMessage());
            draft = newDraft();
        }
        SettingsContext ctx = new SettingsContext(dirs.home(), config, store, settings, draft, Duration.ofSeconds(3));
        Stage s = firstRun ? stage : new Stage();
        SettingsWindow w = new SettingsWindow(ctx, () -> {
            if (firstRun) {
                Platform.runLater(this::showMain);
            }
        });
        w.showIn(s);
        settingsStage = firstRun ? null : s;
    }

    private ConfigDraft newDraft() {
        ConfigDraft d = new ConfigDraft();
        d.keyFile = dirs.config().resolve("qsfs.key");
        d.cacheDir = dirs.home().resolve(".cache/qsfs");
        d.cacheSize = CacheConfig.DEFAULT_SIZE;
        d.blockSize = QsfsConfig.DEFAULT_BLOCK_SIZE;
        return d;
    }

    private void updateTray() {
        if (tray != null) {
            tray.show(model.stateProperty().get(), model.summaryProperty().get(), model.mountedProperty().get(),
                    model.pausedProperty().get(), model.connectedProperty().get());
        }
    }

    private void onTray(TrayMenuModel.Action a) {
        switch (a) {
            case OPEN_DRIVE -> {
                try {
                    FileManager.open(Path.of(model.mountPointProperty().get()));
                } catch (IOException e) {
                    error(e.getMessage());
                }
            }
            case PAUSE -> Background.run(link::pause, r -> poller.pollOnce(), e -> error(e.getMessage()));
            case RESUME -> Background.run(link::resume, r -> poller.pollOnce(), e -> error(e.getMessage()));
            case STATUS -> toFront();
            case SETTINGS -> openSettings(false);
            case QUIT -> Platform.exit();
        }
    }

    private void save() {
        try {
            store.save(settings);
        } catch (IOException e) {
            error("cannot save settings: " + e.getMessage());
        }
    }

    private void error(String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message);
        a.setHeaderText(null);
        Styles.apply(a.getDialogPane().getScene());
        a.show();
    }
}
