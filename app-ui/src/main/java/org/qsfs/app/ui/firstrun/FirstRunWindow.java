package org.qsfs.app.ui.firstrun;

import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.qsfs.app.ui.Background;
import org.qsfs.app.ui.Forms;
import org.qsfs.app.ui.Styles;
import org.qsfs.engine.crypto.InvalidRecoveryPhraseException;
import org.qsfs.engine.crypto.WrongPassphraseException;

/**
 * The first-run window: create a new drive (passphrase, then the recovery phrase shown once
 * with a confirmation), restore one (key file or recovery phrase), or try it locally (the
 * demo backends on this computer). After a key exists, {@link Outcome} tells the app what to
 * open next (the settings window for backends, or the demo).
 */
public final class FirstRunWindow {
    /** What the app does when the user is done here. */
    public interface Outcome {
        /** A key exists (created or restored): next, the backends. */
        void keyReady(boolean restored);

        /** Start the demo volume on this computer. */
        void tryLocally();
    }

    private final FirstRunModel model;
    private final Outcome outcome;
    private final StackPane pages = new StackPane();
    private final Parent root;

    public FirstRunWindow(FirstRunModel model, Outcome outcome) {
        this.model = model;
        this.outcome = outcome;
        VBox page = new VBox(pages);
        page.getStyleClass().add("page");
        page.setPadding(new Insets(28, 36, 28, 36));
        VBox.setVgrow(pages, Priority.ALWAYS);
        this.root = page;
        show(welcome());
    }

    public Parent root() {
        return root;
    }

    public Scene scene() {
        return Styles.apply(new Scene(root, 680, 560));
    }

    public void showIn(Stage stage) {
        stage.setTitle("Welcome to QSFS");
        Styles.icons(stage);
        stage.setScene(scene());
        stage.setMinWidth(620);
        stage.setMinHeight(520);
        stage.show();
    }

    private void show(Node page) {
        pages.getChildren().setAll(page);
    }

    // ---------------------------------------------------------------- welcome

    private Node welcome() {
        Label title = title("Welcome to QSFS");
        Label intro = text("One drive whose files are encrypted, split into shards and spread over many backends"
                + " on different sites. No backend can read anything, and losing a few of them loses nothing.");
        VBox choices = new VBox(12,
                choice("createChoice", "Create a new drive", "Make a new key and choose the backends your data goes"
                        + " to.", () -> show(createPage())),
                choice("restoreChoice", "Restore a drive", "Use your recovery phrase or an exported key file, and"
                        + " the backends that hold the data.", () -> show(restorePage())),
                choice("tryChoice", "Try it locally", "Six backends on this computer, no setup. Add remote backends"
                        + " later and the data moves to them.", outcome::tryLocally));
        return new VBox(16, title, intro, choices);
    }

    private Node choice(String id, String title, String text, Runnable action) {
        Label t = new Label(title);
        t.getStyleClass().add("choice-title");
        Label d = text(text);
        VBox box = new VBox(4, t, d);
        box.setId(id);
        box.getStyleClass().add("choice");
        box.setOnMouseClicked(e -> action.run());
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    // ---------------------------------------------------------------- create

    private Node createPage() {
        PasswordField pass = new PasswordField();
        pass.setId("newPassphrase");
        PasswordField repeat = new PasswordField();
        repeat.setId("repeatPassphrase");
        Forms f = new Forms();
        Label passError = f.field("Passphrase", pass, "newPassphraseError");
        Label repeatError = f.field("Repeat it", repeat, "repeatPassphraseError");
        Label status = text("");
        status.setId("createStatus");
        Button create = primary("createKey", "Create key");
        create.setOnAction(e -> {
            Forms.error(passError, pass, null);
            Forms.error(repeatError, repeat, null);
            String problem = FirstRunModel.passphraseProblem(pass.getText(), repeat.getText());
            if (problem != null) {
                if (problem.contains("differ")) {
                    Forms.error(repeatError, repeat, problem);
                } else {
                    Forms.error(passError, pass, problem);
                }
                return;
            }
            create.setDisable(true);
            status.setText("Creating the key...");
            char[] p = pass.getText().toCharArray();
            Background.run(() -> model.createKey(p), phrase -> show(phrasePage(phrase)), ex -> {
                create.setDisable(false);
                status.setText("");
                Forms.error(passError, pass, ex.getMessage());
            });
        });
        return page("Create a new drive", "The passphrase protects the key on this computer. You type it when QSFS"
                + " starts.", f.grid(), buttons(back(), status, create));
    }

    private Node phrasePage(String phrase) {
        Label words = new Label(phrase.replace("-", "-\u200b")); // wraps between groups, never inside one
        words.setId("recoveryPhrase");
        words.getStyleClass().add("phrase");
        words.setWrapText(true);
        words.setMaxWidth(Double.MAX_VALUE);
        CheckBox written = new CheckBox("I have written the recovery phrase down and keep it somewhere safe");
        written.setId("phraseConfirmed");
        written.setWrapText(true);
        Button next = primary("phraseContinue", "Continue: choose backends");
        next.disableProperty().bind(written.selectedProperty().not());
        next.setOnAction(e -> outcome.keyReady(false));
        return page("Your recovery phrase", "Write it on paper now. With the list of backends it restores every file"
                + " on any computer, and anyone who has it can read them all. It is shown only this once.", new VBox(14,
                words, written), buttons(null, text(""), next));
    }

    // ---------------------------------------------------------------- restore

    private Node restorePage() {
        ToggleGroup how = new ToggleGroup();
        RadioButton byPhrase = new RadioButton("Recovery phrase");
        byPhrase.setId("byPhrase");
        byPhrase.setToggleGroup(how);
        byPhrase.setSelected(true);
        RadioButton byFile = new RadioButton("Exported key file");
        byFile.setId("byFile");
        byFile.setToggleGroup(how);
        TextArea phrase = new TextArea();
        phrase.setId("restorePhrase");
        phrase.setPromptText("QSFS1-XXXX-XXXX-... exactly as you wrote it down");
        phrase.setWrapText(true);
        phrase.setPrefRowCount(3);
        TextField file = new TextField();
        file.setId("restoreFile");
        file.setPromptText("path of the exported key file");
        Button browse = new Button("Browse...");
        browse.setOnAction(e -> {
            java.io.File chosen = new FileChooser().showOpenDialog(root.getScene().getWindow());
            if (chosen != null) {
                file.setText(chosen.getPath());
            }
        });
        HBox fileRow = new HBox(8, file, browse);
        HBox.setHgrow(file, Priority.ALWAYS);
        PasswordField oldPass = new PasswordField();
        oldPass.setId("restoreOldPass");
        PasswordField pass = new PasswordField();
        pass.setId("restorePass");
        PasswordField repeat = new PasswordField();
        repeat.setId("restoreRepeat");
        Forms f = new Forms();
        f.row(new HBox(18, byPhrase, byFile));
        Label phraseError = f.field("Recovery phrase", phrase, "restorePhraseError");
        Label fileError = f.field("Key file", fileRow, "restoreFileError");
        Label oldError = f.field("Its passphrase", oldPass, "restoreOldPassError");
        Label passError = f.field("New passphrase", pass, "restorePassError");
        Label repeatError = f.field("Repeat it", repeat, "restoreRepeatError");
        phrase.disableProperty().bind(byPhrase.selectedProperty().not());
        fileRow.disableProperty().bind(byFile.selectedProperty().not());
        oldPass.disableProperty().bind(byFile.selectedProperty().not());
        Label status = text("");
        status.setId("restoreStatus");
        Button restore = primary("restoreKey", "Restore key");
        restore.setOnAction(e -> {
            for (Label l : new Label[] {phraseError, fileError, oldError, passError, repeatError}) {
                l.setText("");
            }
            for (Node n : new Node[] {phrase, file, oldPass, pass, repeat}) {
                n.getStyleClass().remove("invalid");
            }
            boolean usePhrase = byPhrase.isSelected();
            if (usePhrase && phrase.getText().isBlank()) {
                Forms.error(phraseError, phrase, "type your recovery phrase (QSFS1-...)");
                return;
            }
            if (!usePhrase && Forms.text(file).isEmpty()) {
                Forms.error(fileError, file, "choose the exported key file");
                return;
            }
            String problem = FirstRunModel.passphraseProblem(pass.getText(), repeat.getText());
            if (problem != null) {
                Forms.error(problem.contains("differ") ? repeatError : passError, problem.contains("differ") ? repeat
                        : pass, problem);
                return;
            }
            restore.setDisable(true);
            status.setText("Restoring the key...");
            char[] p = pass.getText().toCharArray();
            char[] o = oldPass.getText().toCharArray();
            String words = phrase.getText();
            Path source = usePhrase ? null : Path.of(Forms.text(file));
            Background.run(() -> {
                if (usePhrase) {
                    model.restoreFromPhrase(words, p);
                } else {
                    model.restoreFromFile(source, o, p);
                }
                return true;
            }, ok -> outcome.keyReady(true), ex -> {
                restore.setDisable(false);
                status.setText("");
                if (ex instanceof InvalidRecoveryPhraseException) {
                    Forms.error(phraseError, phrase, ex.getMessage());
                } else if (ex instanceof WrongPassphraseException) {
                    Forms.error(oldError, oldPass, "wrong passphrase for this key file");
                } else if (usePhrase) {
                    Forms.error(phraseError, phrase, ex.getMessage());
                } else {
                    Forms.error(fileError, file, ex.getMessage());
                }
            });
        });
        return page("Restore a drive", "Bring back the key of an existing drive. Next you list its backends (or"
                + " import the list), and QSFS rebuilds the drive from them.", f.grid(), buttons(back(), status,
                restore));
    }

    // ---------------------------------------------------------------- helpers

    private Node page(String title, String intro, Node body, Node buttons) {
        Region gap = new Region();
        VBox.setVgrow(gap, Priority.ALWAYS);
        return new VBox(16, title(title), text(intro), body, gap, buttons);
    }

    private Button back() {
        Button b = new Button("Back");
        b.setId("back");
        b.setOnAction(e -> show(welcome()));
        return b;
    }

    private static Node buttons(Button back, Label status, Button primary) {
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox h = back == null ? new HBox(10, status, primary) : new HBox(10, back, status, primary);
        h.setAlignment(Pos.CENTER_RIGHT);
        return h;
    }

    private static Button primary(String id, String text) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().add("accent");
        b.setDefaultButton(true);
        return b;
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("title");
        return l;
    }

    private static Label text(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("subtitle");
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }
}
