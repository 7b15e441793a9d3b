package org.qsfs.app.ui.firstrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.crypto.Argon2Params;
import org.qsfs.engine.crypto.KeyFile;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.crypto.RecoveryPhrase;
import org.qsfs.app.ui.FxWait;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The first-run window, headless: create (phrase shown once, confirmation), restore, try locally. */
@ExtendWith(ApplicationExtension.class)
class FirstRunUiTest {
    static final Argon2Params FAST = new Argon2Params(64, 1, 1);

    @TempDir
    static Path dir;
    Path keyFile;
    final List<String> outcomes = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        keyFile = Files.createTempDirectory(dir, "cfg").resolve("qsfs.key");
        new FirstRunWindow(new FirstRunModel(keyFile, FAST), new FirstRunWindow.Outcome() {
            @Override
            public void keyReady(boolean restored) {
                outcomes.add(restored ? "restored" : "created");
            }

            @Override
            public void tryLocally() {
                outcomes.add("demo");
            }
        }).showIn(stage);
    }

    static String text(FxRobot r, String id) {
        return r.lookup(id).queryAs(Label.class).getText();
    }

    static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        FxWait.until(10, c);
    }

    @Test
    void createShowsThePhraseOnceAndNeedsTheConfirmation(FxRobot r) throws Exception {
        r.clickOn("#createChoice");
        r.clickOn("#newPassphrase").write("short");
        r.clickOn("#createKey");
        assertTrue(text(r, "#newPassphraseError").contains("at least 12 characters"));
        assertFalse(Files.exists(keyFile));

        r.clickOn("#newPassphrase").eraseText(5).write("correct horse battery");
        r.clickOn("#repeatPassphrase").write("correct horse battery!");
        r.clickOn("#createKey");
        assertEquals("The two passphrases differ", text(r, "#repeatPassphraseError"));
        assertFalse(Files.exists(keyFile));

        r.clickOn("#repeatPassphrase").eraseText(1);
        r.clickOn("#createKey");
        waitFor(() -> r.lookup("#recoveryPhrase").tryQuery().isPresent());
        String phrase = text(r, "#recoveryPhrase").replace("\u200b", "");
        try (MasterKey fromFile = KeyFile.read(keyFile, "correct horse battery".toCharArray());
             MasterKey fromPhrase = RecoveryPhrase.parse(phrase)) {
            assertTrue(fromFile.sameKeyAs(fromPhrase), "the phrase shown is the key's");
        }
        Button next = r.lookup("#phraseContinue").queryButton();
        assertTrue(next.isDisabled(), "continue needs the confirmation");
        r.clickOn("#phraseConfirmed");
        assertFalse(next.isDisabled());
        r.clickOn(next);
        assertEquals(List.of("created"), outcomes);
    }

    @Test
    void restoreFromARecoveryPhrase(FxRobot r) throws Exception {
        String phrase;
        try (MasterKey k = MasterKey.generate()) {
            phrase = RecoveryPhrase.of(k);
        }
        r.clickOn("#restoreChoice");
        r.interact(() -> r.lookup("#restorePhrase").queryTextInputControl().setText("these are not the right words"));
        r.interact(() -> r.lookup("#restorePass").queryTextInputControl().setText("a long new passphrase"));
        r.interact(() -> r.lookup("#restoreRepeat").queryTextInputControl().setText("a long new passphrase"));
        r.clickOn("#restoreKey");
        waitFor(() -> !text(r, "#restorePhraseError").isEmpty());
        assertFalse(Files.exists(keyFile), "a bad phrase writes nothing");
        assertTrue(outcomes.isEmpty());

        r.interact(() -> r.lookup("#restorePhrase").queryTextInputControl().setText(phrase));
        r.clickOn("#restoreKey");
        waitFor(() -> outcomes.contains("restored"));
        try (MasterKey k = KeyFile.read(keyFile, "a long new passphrase".toCharArray());
             MasterKey p = RecoveryPhrase.parse(phrase)) {
            assertTrue(k.sameKeyAs(p));
        }
    }

    @Test
    void restoreFromAKeyFileWithAWrongPassphrase(FxRobot r) throws Exception {
        Path exported = dir.resolve("exported-" + System.nanoTime() + ".key");
        try (MasterKey k = MasterKey.generate()) {
            KeyFile.create(exported, k, "the old passphrase".toCharArray(), FAST);
        }
        r.clickOn("#restoreChoice");
        r.clickOn("#byFile");
        r.interact(() -> {
            r.lookup("#restoreFile").queryTextInputControl().setText(exported.toString());
            r.lookup("#restoreOldPass").queryTextInputControl().setText("not the old one");
            r.lookup("#restorePass").queryTextInputControl().setText("a long new passphrase");
            r.lookup("#restoreRepeat").queryTextInputControl().setText("a long new passphrase");
        });
        r.clickOn("#restoreKey");
        waitFor(() -> !text(r, "#restoreOldPassError").isEmpty());
        assertEquals("Wrong passphrase for this key file", text(r, "#restoreOldPassError"));
        assertFalse(Files.exists(keyFile));
        r.interact(() -> r.lookup("#restoreOldPass").queryTextInputControl().setText("the old passphrase"));
        r.clickOn("#restoreKey");
        waitFor(() -> outcomes.contains("restored"));
        assertTrue(Files.exists(keyFile));
    }

    @Test
    void tryItLocally(FxRobot r) {
        r.clickOn("#tryChoice");
        assertEquals(List.of("demo"), outcomes);
    }
}
