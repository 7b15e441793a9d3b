package org.qsfs.app.ui.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.qsfs.app.ui.Background;
import org.qsfs.app.ui.Forms;
import org.qsfs.app.ui.Styles;
import org.qsfs.app.ui.TextColumns;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.ConfigException;
import org.qsfs.engine.config.ConfigWriter;
import org.qsfs.engine.config.HostPort;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.config.Sizes;
import org.qsfs.engine.config.ZstorImport;
import org.qsfs.engine.config.ZstorImporter;
import org.qsfs.engine.crypto.Argon2Params;
import org.qsfs.engine.crypto.KeyFile;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.crypto.RecoveryPhrase;
import org.qsfs.engine.crypto.WrongPassphraseException;

/**
 * The settings window: backends (add, edit, remove, test, import), redundancy with its
 * meaning shown live, the drive (mount point, cache, start at login, pause, bandwidth), and
 * the key (change passphrase, export). Bad input is shown next to its field and nothing is
 * saved until every field is valid: Save writes the engine's TOML and settings.json together.
 */
public final class SettingsWindow {
    static final int MIN_PASSPHRASE = 12;

    private final SettingsContext ctx;
    private final Runnable onSaved;
    private final BackendChecker checker;
    private final ObservableList<BackendEntry> backends;
    private final Parent root;

    // backend form
    private final TextField site = new TextField();
    private final TextField address = new TextField();
    private final TextField namespace = new TextField(BackendConfig.DEFAULT_NAMESPACE);
    private final PasswordField password = new PasswordField();
    private final ChoiceBox<String> role = new ChoiceBox<>(FXCollections.observableArrayList("data", "metadata"));
    private Label siteError;
    private Label addressError;
    private Label namespaceError;
    private Label passwordError;
    private final Label backendResult = new Label();
    private final Button addButton = new Button("Add backend");
    private final TableView<BackendEntry> table;
    private BackendEntry editing;

    // redundancy
    private final Spinner<Integer> k;
    private final Spinner<Integer> m;
    private final Spinner<Integer> lostSites;
    private final Label explanation = new Label();

    // drive
    private final TextField mountPoint = new TextField();
    private final TextField cacheDir = new TextField();
    private final TextField cacheSize = new TextField();
    private final CheckBox startAtLogin = new CheckBox("Start QSFS when I log in");
    private final CheckBox pauseSync = new CheckBox("Pause uploads (new files wait in the local cache)");
    private final TextField bandwidth = new TextField();
    private Label mountError;
    private Label cacheDirError;
    private Label cacheSizeError;
    private Label bandwidthError;

    // key
    private final PasswordField oldPass = new PasswordField();
    private final PasswordField newPass = new PasswordField();
    private final PasswordField repeatPass = new PasswordField();
    private Label oldPassError;
    private Label newPassError;
    private Label repeatPassError;
    private final Label keyResult = new Label();
    private final PasswordField exportPass = new PasswordField();
    private Label exportError;
    private final Label exportedPhrase = new Label();

    private final Label saveResult = new Label();

    public SettingsWindow(SettingsContext ctx, Runnable onSaved) {
        this.ctx = ctx;
        this.onSaved = onSaved;
        this.checker = new BackendChecker(ctx.probeTimeout());
        this.backends = FXCollections.observableArrayList(ctx.draft().backends);
        this.table = new TableView<>(backends);
        this.k = new Spinner<>(1, 64, ctx.draft().k);
        this.m = new Spinner<>(0, 32, ctx.draft().m);
        this.lostSites = new Spinner<>(0, 16, ctx.draft().lostSites);
        this.root = build();
        explain();
    }

    public Parent root() {
        return root;
    }

    public Scene scene() {
        return Styles.apply(new Scene(root, 820, 660));
    }

    public void showIn(Stage stage) {
        stage.setTitle("QSFS Settings");
        Styles.icons(stage);
        stage.setScene(scene());
        stage.setMinWidth(760);
        stage.setMinHeight(600);
        stage.show();
    }

    private Parent build() {
        TabPane tabs = new TabPane(tab("Backends", backendsTab()), tab("Redundancy", redundancyTab()),
                tab("Drive", driveTab()), tab("Key", keyTab()));
        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Button save = new Button("Save");
        save.setId("saveButton");
        save.getStyleClass().add("accent");
        save.setDefaultButton(false);
        save.setOnAction(e -> save());
        Button close = new Button("Close");
        close.setId("closeButton");
        close.setOnAction(e -> {
            if (root.getScene() != null && root.getScene().getWindow() instanceof Stage s) {
                s.close();
            }
        });
        saveResult.setId("saveResult");
        saveResult.setWrapText(true);
        HBox.setHgrow(saveResult, Priority.ALWAYS);
        saveResult.setMaxWidth(Double.MAX_VALUE);
        HBox footer = new HBox(10, saveResult, close, save);
        footer.setAlignment(Pos.CENTER_RIGHT);
        footer.getStyleClass().add("footer");
        BorderPane page = new BorderPane(tabs, null, null, footer, null);
        page.getStyleClass().add("page");
        page.setPadding(new Insets(12, 18, 16, 18));
        return page;
    }

    private static Tab tab(String name, Parent content) {
        Tab t = new Tab(name, content);
        t.setId("tab-" + name.toLowerCase(java.util.Locale.ROOT));
        return t;
    }

    // ---------------------------------------------------------------- backends

    private Parent backendsTab() {
        table.setId("settingsBackends");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(TextColumns.of("Role", 80, b -> b.metadata() ? "metadata" : "data"));
        table.getColumns().add(TextColumns.of("Site", 110, b -> b.metadata() ? "\u2014" : b.site()));
        table.getColumns().add(TextColumns.of("Address", 170, b -> b.address().toString()));
        table.getColumns().add(TextColumns.of("Namespace", 110, BackendEntry::namespace));
        table.getColumns().add(TextColumns.of("Password", 80,
                b -> b.password() == null || b.password().isEmpty() ? "none" : "set"));
        table.setPlaceholder(new Label("No backends yet. Add one below, or import a list."));
        table.setPrefHeight(190);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                edit(now);
            }
        });
        Button newButton = new Button("New");
        newButton.setId("newBackend");
        newButton.setOnAction(e -> clearForm());
        Button remove = new Button("Remove");
        remove.setId("removeBackend");
        remove.getStyleClass().add("danger");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> {
            BackendEntry sel = table.getSelectionModel().getSelectedItem();
            backends.remove(sel);
            clearForm();
            explain();
            saveResult.setText("Removed " + sel.id() + ". Save to apply; the shards it held then count as lost"
                    + " until `qsfs rebuild` recreates them on the other backends.");
        });
        Button testAll = new Button("Test all");
        testAll.setId("testAll");
        testAll.setOnAction(e -> testAll());
        Button importZstor = new Button("Import zstor config...");
        importZstor.setId("importZstor");
        importZstor.setOnAction(e -> importZstor());
        Button importList = new Button("Import list...");
        importList.setId("importList");
        importList.setOnAction(e -> importList());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox tableButtons = new HBox(8, newButton, remove, testAll, gap, importZstor, importList);
        tableButtons.setAlignment(Pos.CENTER_LEFT);

        Forms f = new Forms();
        role.setId("role");
        role.setValue("data");
        site.setId("site");
        site.setPromptText("e.g. home, office, datacenter-1");
        site.disableProperty().bind(role.valueProperty().isEqualTo("metadata"));
        address.setId("address");
        address.setPromptText("host:port, e.g. 10.0.0.5:9900 or [2a02:1802:5e::1]:9900");
        namespace.setId("namespace");
        password.setId("password");
        password.setPromptText("leave empty for a namespace without a password");
        f.field("Role", role, "roleError");
        siteError = f.field("Site", site, "siteError");
        addressError = f.field("Address", address, "addressError");
        namespaceError = f.field("Namespace", namespace, "namespaceError");
        passwordError = f.field("Password", password, "passwordError");
        Button test = new Button("Test");
        test.setId("testBackend");
        test.setOnAction(e -> checkAndThen(null));
        addButton.setId("addBackend");
        addButton.getStyleClass().add("accent");
        addButton.setOnAction(e -> checkAndThen(this::addOrReplace));
        backendResult.setId("backendResult");
        backendResult.setWrapText(true);
        HBox formButtons = new HBox(8, test, addButton, backendResult);
        formButtons.setAlignment(Pos.CENTER_LEFT);
        f.row(formButtons);
        VBox form = new VBox(8, caption("Backend"), f.grid());
        form.getStyleClass().add("card");
        VBox box = new VBox(10, table, tableButtons, form);
        box.setPadding(new Insets(12, 2, 2, 2));
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    private void edit(BackendEntry b) {
        editing = b;
        role.setValue(b.metadata() ? "metadata" : "data");
        site.setText(b.metadata() ? "" : b.site());
        address.setText(b.address().toString());
        namespace.setText(b.namespace());
        password.setText(b.password() == null ? "" : b.password());
        addButton.setText("Save changes");
        clearErrors();
    }

    private void clearForm() {
        editing = null;
        table.getSelectionModel().clearSelection();
        site.clear();
        address.clear();
        namespace.setText(BackendConfig.DEFAULT_NAMESPACE);
        password.clear();
        addButton.setText("Add backend");
        clearErrors();
        backendResult.setText("");
    }

    private void clearErrors() {
        Forms.error(siteError, site, null);
        Forms.error(addressError, address, null);
        Forms.error(namespaceError, namespace, null);
        Forms.error(passwordError, password, null);
    }

    private String roleValue() {
        return "metadata".equals(role.getValue()) ? "meta" : "data";
    }

    /** Checks the form (offline, then on the network); on success runs {@code then} with the entry. */
    private void checkAndThen(java.util.function.Consumer<BackendEntry> then) {
        clearErrors();
        backendResult.getStyleClass().removeAll("field-ok", "field-error");
        String r = roleValue();
        BackendChecker.Result offline = BackendChecker.checkOffline(r, Forms.text(site), Forms.text(address),
                Forms.text(namespace));
        if (offline != null) {
            show(offline);
            return;
        }
        HostPort hp = BackendChecker.parseAddress(Forms.text(address));
        BackendEntry entry = new BackendEntry(r, r.equals("meta") ? "metadata" : Forms.text(site), hp,
                Forms.text(namespace), password.getText());
        for (BackendEntry other : backends) {
            if (other != editing && other.id().equals(entry.id()) && other.role().equals(entry.role())) {
                show(new BackendChecker.Result(BackendChecker.Field.ADDRESS, entry.id() + " is already in the list",
                        false));
                return;
            }
        }
        backendResult.setText("Testing " + hp + "...");
        addButton.setDisable(true);
        Background.run(() -> checker.probe(hp, entry.namespace(), entry.password()), result -> {
            addButton.setDisable(false);
            if (!result.ok()) {
                backendResult.setText("");
                show(result);
                return;
            }
            backendResult.setText("\u2713 " + Forms.capitalise(result.message()));
            backendResult.getStyleClass().add("field-ok");
            if (then != null) {
                then.accept(entry);
            }
        }, e -> {
            addButton.setDisable(false);
            show(new BackendChecker.Result(BackendChecker.Field.ADDRESS, e.getMessage(), false));
        });
    }

    private void show(BackendChecker.Result r) {
        switch (r.field()) {
            case SITE -> Forms.error(siteError, site, r.message());
            case NAMESPACE -> Forms.error(namespaceError, namespace, r.message());
            case PASSWORD -> Forms.error(passwordError, password, r.message());
            default -> Forms.error(addressError, address, r.message());
        }
    }

    private void addOrReplace(BackendEntry entry) {
        if (editing != null) {
            backends.set(backends.indexOf(editing), entry);
            saveResult.setText("Changed " + entry.id() + ". Save to apply.");
        } else {
            backends.add(entry);
            saveResult.setText("Added " + entry.id() + ". Save to apply.");
        }
        clearForm();
        explain();
    }

    private void testAll() {
        List<BackendEntry> all = List.copyOf(backends);
        saveResult.setText("Testing " + all.size() + " backends...");
        Background.run(() -> {
            StringBuilder bad = new StringBuilder();
            for (BackendEntry b : all) {
                BackendChecker.Result r = checker.probe(b.address(), b.namespace(), b.password());
                if (!r.ok()) {
                    bad.append(bad.length() == 0 ? "" : "; ").append(b.id()).append(": ").append(r.message());
                }
            }
            return bad.toString();
        }, bad -> saveResult.setText(bad.isEmpty() ? "\u2713 All " + all.size() + " backends answer." : bad),
            e -> saveResult.setText(e.getMessage()));
    }

    private void importZstor() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Import a zstor configuration");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("zstor configuration (*.toml)", "*.toml"));
        java.io.File f = fc.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            importZstor(f.toPath());
        }
    }

    /** Replaces the backends and redundancy with those of a zstor file; nothing changes if it is invalid. */
    public void importZstor(Path file) {
        try (ZstorImport imp = new ZstorImporter().importFile(file)) {
            ConfigDraft d = ConfigDraft.of(imp.config());
            backends.setAll(d.backends);
            k.getValueFactory().setValue(d.k);
            m.getValueFactory().setValue(d.m);
            lostSites.getValueFactory().setValue(d.lostSites);
            explain();
            saveResult.setText("Imported " + d.backends.size() + " backends from " + file.getFileName()
                    + ". Save to apply." + (imp.notes().isEmpty() ? "" : " Notes: " + String.join("; ", imp.notes())));
        } catch (ConfigException e) {
            saveResult.setText("Nothing imported: " + String.join("; ", e.problems()));
        }
    }

    private void importList() {
        TextInputDialog ask = new TextInputDialog();
        ask.setTitle("Import backends");
        ask.setHeaderText("Import a backend list from a URL or a file");
        ask.setContentText("URL or file:");
        Styles.apply(ask.getDialogPane().getScene());
        ask.showAndWait().ifPresent(this::importList);
    }

    /** Adds the backends listed at a URL (http/https) or in a file; nothing changes if any line is bad. */
    public void importList(String source) {
        String s = source.strip();
        Background.run(() -> s.startsWith("http://") || s.startsWith("https://") ? BackendListImport.fromUrl(s)
                : BackendListImport.fromFile(Path.of(s)), list -> {
                    int added = 0;
                    for (BackendEntry b : list) {
                        boolean dup = backends.stream().anyMatch(o -> o.id().equals(b.id())
                                && o.role().equals(b.role()));
                        if (!dup) {
                            backends.add(b);
                            added++;
                        }
                    }
                    explain();
                    saveResult.setText("Imported " + added + " backends (" + (list.size() - added)
                            + " already listed). Save to apply.");
                }, e -> saveResult.setText("Nothing imported: " + e.getMessage()));
    }

    // ---------------------------------------------------------------- redundancy

    private Parent redundancyTab() {
        k.setId("k");
        m.setId("m");
        lostSites.setId("lostSites");
        for (Spinner<Integer> s : List.of(k, m, lostSites)) {
            s.setEditable(true);
            s.setPrefWidth(90);
            s.valueProperty().addListener((o, was, now) -> explain());
        }
        Forms f = new Forms();
        f.field("Shards needed to read (k)", k, "kError");
        f.field("Shards that may be lost (m)", m, "mError");
        f.field("Sites that may be lost", lostSites, "lostSitesError");
        explanation.setId("redundancyExplanation");
        explanation.getStyleClass().add("explanation");
        explanation.setWrapText(true);
        explanation.setMaxWidth(Double.MAX_VALUE);
        Label hint = new Label("Every block is split into k + m shards on different backends; any k of them read"
                + " it back. A higher m survives more failures and stores more. A change applies to data written"
                + " after the drive restarts; blocks already stored keep their k and m.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        VBox box = new VBox(14, f.grid(), explanation, hint);
        box.setPadding(new Insets(16, 8, 8, 8));
        return box;
    }

    private RedundancyExplainer.Explanation explain() {
        List<String> sites = backends.stream().filter(b -> !b.metadata()).map(BackendEntry::site).toList();
        RedundancyExplainer.Explanation e = RedundancyExplainer.explain(k.getValue(), m.getValue(),
                lostSites.getValue(), sites);
        explanation.setText(e.text());
        explanation.getStyleClass().remove("invalid");
        if (!e.valid()) {
            explanation.getStyleClass().add("invalid");
        }
        return e;
    }

    // ---------------------------------------------------------------- drive

    private Parent driveTab() {
        var s = ctx.settings();
        var d = ctx.draft();
        mountPoint.setId("mountPoint");
        mountPoint.setText(s.mountPoint != null ? s.mountPoint : ctx.home().resolve("QSFS").toString());
        cacheDir.setId("cacheDir");
        cacheDir.setText(d.cacheDir == null ? "" : d.cacheDir.toString());
        cacheSize.setId("cacheSize");
        cacheSize.setText(Sizes.format(d.cacheSize));
        cacheSize.setPromptText("e.g. 2GiB");
        startAtLogin.setId("startAtLogin");
        startAtLogin.setSelected(s.startAtLogin);
        pauseSync.setId("pauseSync");
        pauseSync.setSelected(s.syncPaused);
        bandwidth.setId("bandwidth");
        bandwidth.setPromptText("no limit");
        bandwidth.setText(s.bandwidthLimit > 0 ? Sizes.format(s.bandwidthLimit) : "");
        Forms f = new Forms();
        mountError = f.field("Mount point", withBrowse(mountPoint, true), "mountPointError");
        cacheDirError = f.field("Cache location", withBrowse(cacheDir, true), "cacheDirError");
        cacheSizeError = f.field("Cache size", cacheSize, "cacheSizeError");
        bandwidthError = f.field("Upload limit per second", bandwidth, "bandwidthError");
        f.row(startAtLogin);
        f.row(pauseSync);
        Label hint = new Label("Written files land in the cache first and are uploaded in the background; the cache"
                + " never drops data that is not yet safe on the backends.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        f.wide(hint);
        VBox box = new VBox(f.grid());
        box.setPadding(new Insets(16, 8, 8, 8));
        return box;
    }

    private HBox withBrowse(TextField field, boolean directory) {
        Button b = new Button("Browse...");
        b.setOnAction(e -> {
            javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
            java.io.File f = dc.showDialog(root.getScene().getWindow());
            if (f != null) {
                field.setText(f.getPath());
            }
        });
        HBox.setHgrow(field, Priority.ALWAYS);
        HBox h = new HBox(8, field, b);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    // ---------------------------------------------------------------- key

    private Parent keyTab() {
        oldPass.setId("oldPass");
        newPass.setId("newPass");
        repeatPass.setId("repeatPass");
        Forms change = new Forms().labelWidth(150);
        oldPassError = change.field("Current passphrase", oldPass, "oldPassError");
        newPassError = change.field("New passphrase", newPass, "newPassError");
        repeatPassError = change.field("Repeat it", repeatPass, "repeatPassError");
        Button changeButton = new Button("Change passphrase");
        changeButton.setId("changePass");
        changeButton.setOnAction(e -> changePassphrase());
        keyResult.setId("keyResult");
        keyResult.setWrapText(true);
        HBox cb = new HBox(10, changeButton, keyResult);
        cb.setAlignment(Pos.CENTER_LEFT);
        change.row(cb);
        VBox changeCard = new VBox(8, caption("Change passphrase"), change.grid());
        changeCard.getStyleClass().add("card");

        exportPass.setId("exportPass");
        Forms export = new Forms().labelWidth(150);
        exportError = export.field("Passphrase", exportPass, "exportError");
        Button phrase = new Button("Show recovery phrase");
        phrase.setId("showPhrase");
        phrase.setOnAction(e -> exportPhrase());
        Button copy = new Button("Save a copy of the key file...");
        copy.setId("exportKey");
        copy.setOnAction(e -> exportKeyFile());
        HBox eb = new HBox(10, phrase, copy);
        export.row(eb);
        exportedPhrase.setId("exportedPhrase");
        exportedPhrase.setWrapText(true);
        exportedPhrase.managedProperty().bind(exportedPhrase.textProperty().isNotEmpty());
        exportedPhrase.visibleProperty().bind(exportedPhrase.textProperty().isNotEmpty());
        exportedPhrase.getStyleClass().add("phrase");
        Label hint = new Label("The key file is " + ctx.draft().keyFile + ". The recovery phrase and the backend list"
                + " restore every file on any computer; keep the phrase offline.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        VBox exportCard = new VBox(8, caption("Export the key"), export.grid(), exportedPhrase, hint);
        exportCard.getStyleClass().add("card");
        VBox box = new VBox(12, changeCard, exportCard);
        box.setPadding(new Insets(16, 8, 8, 8));
        return box;
    }

    private void changePassphrase() {
        Forms.error(oldPassError, oldPass, null);
        Forms.error(newPassError, newPass, null);
        Forms.error(repeatPassError, repeatPass, null);
        keyResult.setText("");
        char[] old = oldPass.getText().toCharArray();
        char[] now = newPass.getText().toCharArray();
        if (old.length == 0) {
            Forms.error(oldPassError, oldPass, "enter the current passphrase");
            return;
        }
        if (now.length < MIN_PASSPHRASE) {
            Forms.error(newPassError, newPass, "use at least " + MIN_PASSPHRASE + " characters");
            return;
        }
        if (!newPass.getText().equals(repeatPass.getText())) {
            Forms.error(repeatPassError, repeatPass, "the two new passphrases differ");
            return;
        }
        Path keyFile = ctx.draft().keyFile;
        keyResult.setText("Changing...");
        Background.run(() -> {
            try (MasterKey key = KeyFile.read(keyFile, old)) {
                KeyFile.replace(keyFile, key, now, Argon2Params.DEFAULT);
                return true;
            } finally {
                Arrays.fill(old, '\0');
                Arrays.fill(now, '\0');
            }
        }, ok -> {
            keyResult.setText("\u2713 Passphrase changed.");
            oldPass.clear();
            newPass.clear();
            repeatPass.clear();
        }, e -> {
            keyResult.setText("");
            if (e instanceof WrongPassphraseException) {
                Forms.error(oldPassError, oldPass, "wrong passphrase");
            } else {
                Forms.error(oldPassError, oldPass, e.getMessage());
            }
        });
    }

    private void exportPhrase() {
        Forms.error(exportError, exportPass, null);
        char[] pass = exportPass.getText().toCharArray();
        Background.run(() -> {
            try (MasterKey key = KeyFile.read(ctx.draft().keyFile, pass)) {
                return RecoveryPhrase.of(key);
            } finally {
                Arrays.fill(pass, '\0');
            }
        }, p -> exportedPhrase.setText(p.replace("-", "-\u200b")), e -> Forms.error(exportError, exportPass,
                e instanceof WrongPassphraseException ? "wrong passphrase" : e.getMessage()));
    }

    private void exportKeyFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save a copy of the key file");
        fc.setInitialFileName("qsfs.key");
        java.io.File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f == null) {
            return;
        }
        try {
            Files.copy(ctx.draft().keyFile, f.toPath(), StandardCopyOption.REPLACE_EXISTING);
            exportedPhrase.setText("");
            keyResult.setText("\u2713 Copied the key file to " + f + " (same passphrase).");
        } catch (IOException e) {
            Forms.error(exportError, exportPass, "cannot copy the key file: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- save

    /** Validates everything; writes the TOML and settings.json only when all of it is valid. */
    public boolean save() {
        saveResult.getStyleClass().removeAll("field-ok", "field-error");
        boolean ok = true;
        Forms.error(mountError, mountPoint, null);
        Forms.error(cacheDirError, cacheDir, null);
        Forms.error(cacheSizeError, cacheSize, null);
        Forms.error(bandwidthError, bandwidth, null);
        if (Forms.text(mountPoint).isEmpty()) {
            Forms.error(mountError, mountPoint, "choose where the drive appears");
            ok = false;
        }
        if (Forms.text(cacheDir).isEmpty()) {
            Forms.error(cacheDirError, cacheDir, "choose a folder for the local cache");
            ok = false;
        }
        long size = -1;
        try {
            size = Sizes.parse(Forms.text(cacheSize));
            if (size < 64L << 20) {
                Forms.error(cacheSizeError, cacheSize, "the cache needs at least 64MiB");
                ok = false;
            }
        } catch (IllegalArgumentException e) {
            Forms.error(cacheSizeError, cacheSize, "'" + Forms.text(cacheSize) + "' is not a size; write e.g. 2GiB"
                    + " or 500MB");
            ok = false;
        }
        long limit = 0;
        if (!Forms.text(bandwidth).isEmpty()) {
            try {
                limit = Sizes.parse(Forms.text(bandwidth));
            } catch (IllegalArgumentException e) {
                Forms.error(bandwidthError, bandwidth, "'" + Forms.text(bandwidth) + "' is not a size per second;"
                        + " write e.g. 10MiB, or leave it empty for no limit");
                ok = false;
            }
        }
        RedundancyExplainer.Explanation ex = explain();
        if (!ex.valid()) {
            ok = false;
        }
        if (!ok) {
            fail("Nothing was saved: fix the fields marked in red" + (ex.valid() ? "." : " (see Redundancy)."));
            return false;
        }
        ConfigDraft d = ctx.draft();
        ConfigDraft next = new ConfigDraft();
        next.backends.addAll(backends);
        next.k = k.getValue();
        next.m = m.getValue();
        next.lostSites = lostSites.getValue();
        next.cacheDir = Path.of(Forms.text(cacheDir));
        next.cacheSize = size;
        next.keyFile = d.keyFile;
        next.blockSize = d.blockSize;
        next.metaK = d.metaK;
        next.metaM = d.metaM;
        next.timeouts = d.timeouts;
        QsfsConfig config;
        try {
            config = next.toConfig(ctx.home());
        } catch (ConfigException e) {
            fail("Nothing was saved: " + String.join("; ", e.problems()));
            return false;
        } catch (IllegalArgumentException e) {
            fail("Nothing was saved: " + e.getMessage());
            return false;
        }
        var s = ctx.settings();
        try {
            ConfigWriter.write(ctx.volumeConfig(), config, List.of("Written by the QSFS settings window."), true);
            s.mountPoint = Forms.text(mountPoint);
            s.startAtLogin = startAtLogin.isSelected();
            s.syncPaused = pauseSync.isSelected();
            s.bandwidthLimit = limit;
            s.volumeConfig = ctx.volumeConfig().toString();
            ctx.store().save(s);
            Autostart.set(ctx.home(), s.startAtLogin, "qsfs app");
        } catch (IOException e) {
            fail("Saving failed: " + e.getMessage());
            return false;
        }
        d.backends.clear();
        d.backends.addAll(next.backends);
        d.k = next.k;
        d.m = next.m;
        d.lostSites = next.lostSites;
        d.cacheDir = next.cacheDir;
        d.cacheSize = next.cacheSize;
        saveResult.setText("\u2713 Saved. The drive uses the new settings when it restarts.");
        saveResult.getStyleClass().add("field-ok");
        onSaved.run();
        return true;
    }

    private void fail(String message) {
        saveResult.setText(message);
        saveResult.getStyleClass().add("field-error");
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("caption");
        return l;
    }
}
