package org.qsfs.app.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.app.control.BackendDto;
import org.qsfs.app.control.DriveState;
import org.qsfs.app.daemon.Backends;
import org.qsfs.app.daemon.Daemon;
import org.qsfs.app.daemon.DaemonOptions;
import org.qsfs.app.ui.ClientLink;
import org.qsfs.app.ui.tray.TrayController;
import org.qsfs.app.ui.tray.TrayMenuModel;
import org.qsfs.app.ui.FxWait;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window fed by a real daemon control server (in this JVM, monitor-only: no mount
 * here) over six real zdb-servers: a backend going down changes the table, the headline and
 * the tray's state and menu.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowUiTest {
    @TempDir
    static Path dir;
    Backends backends;
    Daemon daemon;
    StatusPoller poller;
    DriveModel model;
    final AtomicInteger settingsOpened = new AtomicInteger();
    final AtomicInteger toggles = new AtomicInteger();

    @Start
    void start(Stage stage) throws Exception {
        Path d = java.nio.file.Files.createTempDirectory(dir, "t");
        backends = new Backends(d);
        Path endpoint = d.resolve("daemon.json");
        daemon = Daemon.start(new DaemonOptions(backends.config, d.resolve("qsfs.toml"), endpoint, false, null,
                Duration.ofMillis(200)));
        model = new DriveModel();
        new MainWindow(model, new MainWindow.Actions() {
            @Override
            public void openDrive() {
            }

            @Override
            public void togglePause() {
                toggles.incrementAndGet();
            }

            @Override
            public void openSettings() {
                settingsOpened.incrementAndGet();
            }

            @Override
            public void openVersions() {
            }
        }).showIn(stage);
        poller = new StatusPoller(new ClientLink(endpoint), model).start(Duration.ofMillis(200));
    }

    @AfterEach
    void stop() {
        poller.close();
        daemon.close();
        backends.close();
    }

    static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        FxWait.until(15, c);
    }

    @SuppressWarnings("unchecked")
    TableView<BackendDto> table(FxRobot r) {
        return r.lookup("#backendsTable").queryAs(TableView.class);
    }

    List<TrayMenuModel.Item> trayItems() {
        return TrayMenuModel.items(model.stateProperty().get(), model.mountedProperty().get(),
                model.pausedProperty().get(), model.connectedProperty().get());
    }

    @Test
    void aBackendGoingDownChangesTheTableAndTheTray(FxRobot r) throws Exception {
        waitFor(() -> model.stateProperty().get() == DriveState.OK
                && table(r).getItems().stream().allMatch(BackendDto::healthy));
        assertEquals(10, table(r).getItems().size());
        assertEquals("Your data is safe", r.lookup("#stateTitle").queryAs(Label.class).getText());
        assertEquals("Status: all data safe", trayItems().get(2).label());
        assertTrue(r.lookup(".state-ok").tryQuery().isPresent());

        int port = backends.servers.get(4).port();
        backends.servers.get(4).close();
        // One failed check marks it DEGRADED (erroring), the next one UNREACHABLE.
        waitFor(() -> model.stateProperty().get() == DriveState.DEGRADED && table(r).getItems().stream()
                .anyMatch(b -> b.address().endsWith(":" + port) && b.health().equals("UNREACHABLE")));
        WaitForAsyncUtils.waitForFxEvents();
        BackendDto row = table(r).getItems().stream().filter(b -> b.address().endsWith(":" + port)
                && b.role().equals("data")).findFirst().orElseThrow();
        assertEquals("UNREACHABLE", row.health());
        assertFalse(row.reason().isEmpty());
        assertEquals("Degraded", r.lookup("#stateTitle").queryAs(Label.class).getText());
        assertTrue(r.lookup(".state-degraded").tryQuery().isPresent());
        r.interact(() -> table(r).scrollTo(row));
        waitFor(() -> r.lookup(".health-unreachable").tryQuery().isPresent()); // the row is shown as down
        assertEquals("Status: degraded", trayItems().get(2).label());
        assertTrue(TrayMenuModel.tooltip(model.stateProperty().get(), model.summaryProperty().get())
                .startsWith("QSFS \u2014 degraded: 1 of 10 backends is not working"));
        waitFor(() -> model.events().stream().anyMatch(e -> e.text().contains(":" + port)
                && e.text().contains("stopped answering")));

        daemon.close(); // the daemon goes away: the window says so, the tray shows an error
        waitFor(() -> !model.connectedProperty().get());
        assertEquals(DriveState.ERROR, model.stateProperty().get());
        assertTrue(model.summaryProperty().get().startsWith("The QSFS daemon is not running."));
        assertFalse(trayItems().get(1).enabled(), "pause needs a daemon");
    }

    @Test
    void buttons(FxRobot r) throws Exception {
        waitFor(() -> model.connectedProperty().get());
        r.clickOn("#pauseButton");
        r.clickOn("#settingsButton");
        assertEquals(1, toggles.get());
        assertEquals(1, settingsOpened.get());
        assertTrue(r.lookup("#openDrive").queryButton().isDisabled(), "no drive mounted by this daemon");
        assertTrue(r.lookup("#mountPoint").queryAs(Label.class).getText().contains("--no-mount"));
    }

    @Test
    void withoutATrayHostTheAppKeepsANormalWindow() {
        assertFalse(TrayController.supported());
        assertNull(TrayController.install(a -> { }));
    }

    @Test
    void trayMenuModel() {
        List<TrayMenuModel.Item> ok = TrayMenuModel.items(DriveState.OK, true, false, true);
        assertEquals(List.of("Open drive", "Pause sync", "Status: all data safe", "Settings...", "Quit QSFS"),
                ok.stream().map(TrayMenuModel.Item::label).toList());
        assertTrue(ok.stream().allMatch(TrayMenuModel.Item::enabled));
        List<TrayMenuModel.Item> paused = TrayMenuModel.items(DriveState.SYNCING, false, true, true);
        assertEquals("Resume sync", paused.get(1).label());
        assertEquals(TrayMenuModel.Action.RESUME, paused.get(1).action());
        assertFalse(paused.get(0).enabled(), "no drive to open");
        assertEquals("Status: syncing", paused.get(2).label());
        assertEquals("Status: error", TrayMenuModel.items(DriveState.ERROR, false, false, false).get(2).label());
    }
}
