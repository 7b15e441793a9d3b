package org.qsfs.app.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.app.daemon.Backends;
import org.qsfs.app.settings.Settings;
import org.qsfs.app.settings.SettingsStore;
import org.qsfs.engine.config.ConfigLoader;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.app.ui.FxWait;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The settings window against real zdb-servers: each kind of bad backend input is shown next to its
 * field and nothing is saved; the redundancy explanation follows k, m and the backends; saved
 * settings survive a restart.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsUiTest {
    @TempDir
    static Path shared;
    static Backends backends;
    static int deadPort;

    Path dir;
    Path toml;
    Path settingsFile;
    SettingsWindow window;

    @BeforeAll
    static void servers() throws Exception {
        backends = new Backends(shared.resolve("zdb"));
        backends.passwordNamespace(0, "locked", "right-password");
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
    }

    @AfterAll
    static void stopServers() {
        backends.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory(shared, "home");
        toml = dir.resolve("config/qsfs.toml");
        settingsFile = dir.resolve("config/settings.json");
        ConfigDraft draft = ConfigDraft.of(backends.config);
        SettingsStore store = new SettingsStore(settingsFile);
        window = new SettingsWindow(new SettingsContext(dir, toml, store, store.load(), draft, Duration.ofSeconds(2)),
                () -> { });
        window.showIn(stage);
    }

    static String text(FxRobot r, String id) {
        return r.lookup(id).queryAs(Label.class).getText();
    }

    static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        FxWait.until(10, c);
    }

    @SuppressWarnings("unchecked")
    static TableView<BackendEntry> table(FxRobot r) {
        return r.lookup("#settingsBackends").queryAs(TableView.class);
    }

    void fill(FxRobot r, String site, String address, String namespace, String password) {
        r.interact(() -> {
            r.lookup("#site").queryTextInputControl().setText(site);
            r.lookup("#address").queryTextInputControl().setText(address);
            r.lookup("#namespace").queryTextInputControl().setText(namespace);
            r.lookup("#password").queryTextInputControl().setText(password);
        });
    }

    @Test
    void unparseableAddress(FxRobot r) throws Exception {
        r.clickOn("#site").write("home");
        r.clickOn("#address").write("10.0.0.5");
        r.clickOn("#addBackend");
        assertEquals("'10.0.0.5' is not host:port (add the port, e.g. '10.0.0.5:9900')", text(r, "#addressError"));
        assertTrue(r.lookup("#address").query().getStyleClass().contains("invalid"));
        assertEquals(10, table(r).getItems().size());
        fill(r, "home", "10.0.0.5:http", "default", "");
        r.clickOn("#addBackend");
        assertTrue(text(r, "#addressError").contains("'http' is not a port number"), text(r, "#addressError"));
        assertEquals(10, table(r).getItems().size());
        assertFalse(Files.exists(toml), "nothing saved");
    }

    @Test
    void unreachableBackend(FxRobot r) throws Exception {
        fill(r, "home", "127.0.0.1:" + deadPort, "default", "");
        r.clickOn("#addBackend");
        waitFor(() -> !text(r, "#addressError").isEmpty());
        assertTrue(text(r, "#addressError").startsWith("Cannot reach the backend"), text(r, "#addressError"));
        assertEquals(10, table(r).getItems().size());
        assertFalse(Files.exists(toml));
    }

    @Test
    void wrongPasswordAndMissingNamespace(FxRobot r) throws Exception {
        int port = backends.servers.get(0).port();
        fill(r, "home", "127.0.0.1:" + port, "locked", "wrong-password");
        r.clickOn("#addBackend");
        waitFor(() -> !text(r, "#passwordError").isEmpty());
        assertEquals("Wrong password for namespace locked", text(r, "#passwordError"));
        assertEquals("", text(r, "#addressError"));
        assertEquals(10, table(r).getItems().size());

        fill(r, "home", "127.0.0.1:" + port, "nosuchns", "");
        r.clickOn("#addBackend");
        waitFor(() -> !text(r, "#namespaceError").isEmpty() || !text(r, "#addressError").isEmpty());
        assertTrue(text(r, "#namespaceError").contains("does not exist"), text(r, "#namespaceError") + "|"
                + text(r, "#addressError"));
        assertEquals(10, table(r).getItems().size());

        fill(r, "home", "127.0.0.1:" + port, "locked", "right-password");
        r.clickOn("#addBackend");
        waitFor(() -> table(r).getItems().size() == 11);
        assertEquals("", text(r, "#passwordError"));
        assertFalse(Files.exists(toml), "added to the list, but saved only with Save");
    }

    @Test
    void redundancyTheBackendsCannotMeetIsRefused(FxRobot r) throws Exception {
        r.clickOn("#tab-redundancy");
        Label explanation = r.lookup("#redundancyExplanation").queryAs(Label.class);
        assertEquals("Survives 2 lost backends; stores 1.5\u00d7 your data (4 of 6 shards needed to read).",
                explanation.getText());
        @SuppressWarnings("unchecked")
        Spinner<Integer> m = r.lookup("#m").queryAs(Spinner.class);
        r.interact(() -> m.increment());
        assertTrue(explanation.getText().contains("7 shards need 7 distinct backends"), explanation.getText());
        assertTrue(explanation.getStyleClass().contains("invalid"));
        r.clickOn("#saveButton");
        assertTrue(text(r, "#saveResult").startsWith("Nothing was saved"), text(r, "#saveResult"));
        assertFalse(Files.exists(toml));
        assertFalse(Files.exists(settingsFile));

        r.interact(() -> m.decrement());
        @SuppressWarnings("unchecked")
        Spinner<Integer> k = r.lookup("#k").queryAs(Spinner.class);
        r.interact(() -> k.decrement());
        r.interact(() -> k.decrement());
        assertEquals("Survives 2 lost backends; stores 2\u00d7 your data (2 of 4 shards needed to read).",
                explanation.getText());
        @SuppressWarnings("unchecked")
        Spinner<Integer> sites = r.lookup("#lostSites").queryAs(Spinner.class);
        r.interact(() -> sites.increment());
        assertTrue(explanation.getText().startsWith("Survives 2 lost backends or 1 lost site; stores 2\u00d7"),
                explanation.getText());
        r.interact(() -> sites.increment());
        assertTrue(explanation.getText().contains("you have 2 sites"), explanation.getText());
    }

    @Test
    void badDriveFieldsSaveNothing(FxRobot r) throws Exception {
        r.clickOn("#tab-drive");
        r.interact(() -> {
            r.lookup("#cacheSize").queryTextInputControl().setText("lots");
            r.lookup("#bandwidth").queryTextInputControl().setText("fast");
        });
        r.clickOn("#saveButton");
        assertTrue(text(r, "#cacheSizeError").contains("'lots' is not a size"), text(r, "#cacheSizeError"));
        assertTrue(text(r, "#bandwidthError").contains("'fast' is not a size per second"));
        assertFalse(Files.exists(toml));
        assertFalse(Files.exists(settingsFile));
    }

    @Test
    void savedSettingsSurviveARestart(FxRobot r) throws Exception {
        r.clickOn("#tab-redundancy");
        @SuppressWarnings("unchecked")
        Spinner<Integer> k = r.lookup("#k").queryAs(Spinner.class);
        r.interact(() -> k.decrement());
        r.clickOn("#tab-drive");
        r.interact(() -> {
            r.lookup("#mountPoint").queryTextInputControl().setText(dir.resolve("Drive").toString());
            r.lookup("#cacheSize").queryTextInputControl().setText("3GiB");
            r.lookup("#bandwidth").queryTextInputControl().setText("10MiB");
        });
        r.clickOn("#startAtLogin");
        r.clickOn("#pauseSync");
        r.clickOn("#saveButton");
        assertTrue(text(r, "#saveResult").startsWith("\u2713 Saved"), text(r, "#saveResult"));

        // a new process: read both files back from disk
        Settings s = new SettingsStore(settingsFile).load();
        assertEquals(dir.resolve("Drive").toString(), s.mountPoint);
        assertTrue(s.startAtLogin);
        assertTrue(s.syncPaused);
        assertEquals(10L << 20, s.bandwidthLimit);
        assertEquals(toml.toString(), s.volumeConfig);
        QsfsConfig c = new ConfigLoader(dir).load(toml);
        assertEquals(3, c.dataShards());
        assertEquals(3L << 30, c.cache().sizeBytes());
        assertEquals(6, c.dataBackends().size());

        SettingsStore store = new SettingsStore(settingsFile);
        r.interact(() -> {
            SettingsWindow again = new SettingsWindow(new SettingsContext(dir, toml, store, store.load(),
                    ConfigDraft.of(c), Duration.ofSeconds(2)), () -> { });
            Stage st = new Stage();
            st.setScene(again.scene());
            st.show();
            assertEquals("3GiB", ((javafx.scene.control.TextField) again.root().lookup("#cacheSize")).getText());
            assertEquals("10MiB", ((javafx.scene.control.TextField) again.root().lookup("#bandwidth")).getText());
            assertTrue(((javafx.scene.control.CheckBox) again.root().lookup("#pauseSync")).isSelected());
            @SuppressWarnings("unchecked")
            Spinner<Integer> k2 = (Spinner<Integer>) again.root().lookup("#k");
            assertEquals(3, k2.getValue());
            st.close();
        });
    }

    @Test
    void importedBackendListWithABadLineChangesNothing(FxRobot r) throws Exception {
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "office 10.1.0.1:9900\noffice 10.1.0.2\n");
        r.interact(() -> window.importList(list.toString()));
        waitFor(() -> text(r, "#saveResult").startsWith("Nothing imported"));
        assertTrue(text(r, "#saveResult").contains("line 2"), text(r, "#saveResult"));
        assertEquals(10, table(r).getItems().size());
        Files.writeString(list, "office 10.1.0.1:9900\noffice 10.1.0.2:9900 ns\n");
        r.interact(() -> window.importList(list.toString()));
        waitFor(() -> table(r).getItems().size() == 12);
        r.clickOn("#tab-redundancy");
        assertTrue(r.lookup("#redundancyExplanation").queryAs(Label.class).getText().startsWith("Survives 2"));
    }
}
