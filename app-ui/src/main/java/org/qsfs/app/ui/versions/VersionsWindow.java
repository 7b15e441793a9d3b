package org.qsfs.app.ui.versions;

import java.io.File;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.qsfs.app.control.VersionDto;
import org.qsfs.app.ui.Format;
import org.qsfs.app.ui.Styles;
import org.qsfs.app.ui.TextColumns;

/**
 * "Versions of a file": a path inside the drive (typed, or chosen with the file dialog opened
 * in the drive), the contents kept for it with when each was kept and why, and Restore for the
 * selected one. A view only: it binds to a {@link VersionsModel}.
 */
public final class VersionsWindow {
    private final VersionsModel model;
    private final Parent root;
    private Stage stage;

    public VersionsWindow(VersionsModel model) {
        this.model = model;
        this.root = build();
    }

    public Parent root() {
        return root;
    }

    public void showIn(Stage s) {
        this.stage = s;
        s.setTitle("QSFS \u2014 versions of a file");
        Styles.icons(s);
        s.setScene(Styles.apply(new Scene(root, 820, 480)));
        s.show();
    }

    private Parent build() {
        Label hint = new Label("Every time a file in the drive is changed, replaced or deleted, its content is kept."
                + " Pick a file to see and bring back what was kept.");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE); // wrapped lines get their height
        TextField path = new TextField();
        path.setId("versionsPath");
        path.setPromptText("/docs/report.odt");
        path.textProperty().bindBidirectional(model.drivePathProperty());
        path.setOnAction(e -> model.load());
        HBox.setHgrow(path, Priority.ALWAYS);
        Button choose = new Button("Choose file\u2026");
        choose.setId("versionsChoose");
        choose.setOnAction(e -> chooseFile());
        choose.setDisable(model.mountPoint() == null);
        choose.setMinWidth(Region.USE_PREF_SIZE);
        Button show = new Button("Show versions");
        show.setId("versionsShow");
        show.disableProperty().bind(model.busyProperty());
        show.setOnAction(e -> model.load());
        show.setMinWidth(Region.USE_PREF_SIZE);
        HBox pick = new HBox(8, path, choose, show);
        pick.setAlignment(Pos.CENTER_LEFT);

        TableView<VersionDto> table = new TableView<>(model.versions());
        table.setId("versionsTable");
        table.setPlaceholder(new Label("No versions listed"));
        table.getColumns().add(column("Kept", 170, v -> v.current() ? "now (current)" : date(v.savedMs())));
        table.getColumns().add(column("Why", 120, v -> v.current() ? "current" : v.kind()));
        table.getColumns().add(column("Size", 110, v -> Format.size(v.size())));
        table.getColumns().add(column("Modified", 170, v -> date(v.modifiedMs())));
        table.getColumns().add(column("Version", 120, VersionDto::id));
        VBox.setVgrow(table, Priority.ALWAYS);

        Label message = new Label();
        message.setId("versionsMessage");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(model.messageProperty());
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);
        Button restore = new Button("Restore");
        restore.setId("versionsRestore");
        restore.getStyleClass().add("accent");
        restore.setMinWidth(Region.USE_PREF_SIZE);
        restore.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            VersionDto v = table.getSelectionModel().getSelectedItem();
            return model.busyProperty().get() || v == null || v.current();
        }, table.getSelectionModel().selectedItemProperty(), model.busyProperty()));
        restore.setOnAction(e -> model.restore(table.getSelectionModel().getSelectedItem()));
        HBox bottom = new HBox(12, message, restore);
        bottom.setAlignment(Pos.CENTER_LEFT);

        VBox page = new VBox(12, hint, pick, table, bottom);
        page.getStyleClass().add("page");
        page.setPadding(new Insets(16, 20, 16, 20));
        return page;
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("A file in the drive");
        File dir = model.mountPoint().toFile();
        if (dir.isDirectory()) {
            fc.setInitialDirectory(dir);
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            model.choose(f.toPath());
        }
    }

    private static String date(long epochMs) {
        return epochMs <= 0 ? "" : Format.dateTime(epochMs);
    }

    private static TableColumn<VersionDto, String> column(String name, double width, Function<VersionDto, String> f) {
        TableColumn<VersionDto, String> c = TextColumns.of(name, width, f);
        c.setSortable(false); // the order is the daemon's: oldest first, the current one last
        return c;
    }
}
