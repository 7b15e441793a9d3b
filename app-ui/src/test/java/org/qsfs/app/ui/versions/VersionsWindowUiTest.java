package org.qsfs.app.ui.versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.app.control.VersionDto;
import org.qsfs.app.daemon.Daemon;
import org.qsfs.app.daemon.DaemonOptions;
import org.qsfs.app.daemon.DemoBackends;
import org.qsfs.app.ui.ClientLink;
import org.qsfs.app.ui.FxWait;
import org.qsfs.engine.crypto.MasterKey;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The versions window against a real daemon that has mounted a demo drive (six zdb-servers,
 * a real FUSE mount; root only): a file written twice lists its kept content, Restore brings
 * it back through the mount, and a path that is not in the drive or never existed says why.
 */
@ExtendWith(ApplicationExtension.class)
class VersionsWindowUiTest {
    @TempDir
    static Path dir;
    DemoBackends backends;
    Daemon daemon;
    VersionsModel model;
    Path mnt;

    @Start
    void start(Stage stage) throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/fuse")) && "root".equals(System.getProperty("user.name")),
                "mounting the drive needs /dev/fuse and root here");
        Path d = Files.createTempDirectory(dir, "v");
        backends = DemoBackends.start(d.resolve("demo"));
        mnt = d.resolve("mnt");
        Path endpoint = d.resolve("daemon.json");
        daemon = Daemon.start(new DaemonOptions(backends.config(), backends.configFile(), endpoint, true, mnt,
                Duration.ofSeconds(5)).withKey(MasterKey.generate()));
        model = new VersionsModel(new ClientLink(endpoint), mnt);
        new VersionsWindow(model).showIn(stage);
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    @SuppressWarnings("unchecked")
    static TableView<VersionDto> table(FxRobot r) {
        return r.lookup("#versionsTable").queryAs(TableView.class);
    }

    @Test
    void listsWhatWasKeptAndRestoresTheChosenContent(FxRobot r) throws Exception {
        Path f = mnt.resolve("notes.txt");
        Files.writeString(f, "first draft");
        Files.writeString(f, "the second draft"); // truncates: the first draft is kept
        r.clickOn("#versionsPath").write("notes.txt"); // the leading "/" is optional
        r.clickOn("#versionsShow");
        FxWait.until(15, () -> model.versions().size() == 2);
        TableView<VersionDto> t = table(r);
        assertFalse(t.getItems().get(0).current());
        assertEquals(11, t.getItems().get(0).size());
        assertTrue(t.getItems().get(1).current());
        assertTrue(r.lookup("#versionsRestore").queryAs(Button.class).isDisabled(), "nothing selected yet");
        assertTrue(label(r).contains("1 older content kept"), label(r));

        r.interact(() -> t.getSelectionModel().select(1));
        assertTrue(r.lookup("#versionsRestore").queryAs(Button.class).isDisabled(), "the current one is there already");
        r.interact(() -> t.getSelectionModel().select(0));
        r.clickOn("#versionsRestore");
        FxWait.until(15, () -> model.versions().size() == 3 && label(r).contains("has the content of version"));
        assertEquals("first draft", Files.readString(f));
        assertEquals(16, t.getItems().get(1).size(), "what the restore replaced is kept too");
    }

    @Test
    void aFileOutsideTheDriveOrNeverThereSaysWhy(FxRobot r) throws Exception {
        r.interact(() -> model.choose(dir.resolve("elsewhere.txt")));
        assertTrue(label(r).contains("is not in the drive"), label(r));
        assertEquals(Optional.of("/a/b.txt"), VersionsModel.drivePathOf(mnt, mnt.resolve("a/b.txt")));
        assertEquals(Optional.empty(), VersionsModel.drivePathOf(mnt, mnt));

        r.clickOn("#versionsPath").write("/never-there.txt");
        r.clickOn("#versionsShow");
        FxWait.until(15, () -> label(r).contains("nothing was ever kept"));
        assertTrue(model.versions().isEmpty());
    }

    static String label(FxRobot r) {
        return r.lookup("#versionsMessage").queryAs(Label.class).getText();
    }
}
