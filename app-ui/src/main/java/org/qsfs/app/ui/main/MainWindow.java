package org.qsfs.app.ui.main;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.qsfs.app.control.BackendDto;
import org.qsfs.app.control.EventDto;
import org.qsfs.app.ui.Format;
import org.qsfs.app.ui.StatusBadge;
import org.qsfs.app.ui.Styles;
import org.qsfs.app.ui.TextColumns;

/**
 * The main window: the drive's state and where it is mounted, sizes and overhead, the upload
 * queue and a throughput chart, the backends table, repair and scrub activity, recent events.
 * A view only: it binds to a {@link DriveModel} and calls {@link Actions}.
 */
public final class MainWindow {
    /** What the window's buttons do. */
    public interface Actions {
        void openDrive();

        void togglePause();

        void openSettings();

        /** The window listing a file's kept versions. */
        void openVersions();
    }

    private final DriveModel model;
    private final Actions actions;
    private final Parent root;

    public MainWindow(DriveModel model, Actions actions) {
        this.model = model;
        this.actions = actions;
        this.root = build();
    }

    public Parent root() {
        return root;
    }

    public Scene scene() {
        return Styles.apply(new Scene(root, 1060, 860));
    }

    public void showIn(Stage stage) {
        stage.setTitle("QSFS");
        Styles.icons(stage);
        stage.setScene(scene());
        stage.setMinWidth(900);
        stage.setMinHeight(640);
        stage.show();
    }

    private Parent build() {
        VBox page = new VBox(16, header(), driveRow(), figures(), chart(), backendsTable(), bottom());
        page.getStyleClass().add("page");
        page.setPadding(new Insets(20, 24, 20, 24));
        VBox.setVgrow(page.getChildren().get(4), Priority.ALWAYS);
        return page;
    }

    private Parent header() {
        Label title = new Label();
        title.setId("stateTitle");
        title.getStyleClass().add("title");
        title.textProperty().bind(Bindings.createStringBinding(() -> StatusBadge.headline(model.stateProperty().get()),
                model.stateProperty()));
        Label summary = new Label();
        summary.setId("summary");
        summary.getStyleClass().add("subtitle");
        summary.textProperty().bind(model.summaryProperty());
        summary.setWrapText(true);
        VBox text = new VBox(2, title, summary);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button pause = new Button();
        pause.setId("pauseButton");
        pause.textProperty().bind(Bindings.when(model.pausedProperty()).then("Resume sync").otherwise("Pause sync"));
        pause.disableProperty().bind(model.connectedProperty().not());
        pause.setOnAction(e -> actions.togglePause());
        Button settings = new Button("Settings");
        settings.setId("settingsButton");
        settings.setOnAction(e -> actions.openSettings());
        HBox box = new HBox(14, StatusBadge.of(model.stateProperty(), 11), text, pause, settings);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("header");
        return box;
    }

    private Parent driveRow() {
        Label caption = caption("Drive");
        Label where = new Label();
        where.setId("mountPoint");
        where.getStyleClass().add("mount-point");
        where.textProperty().bind(model.mountPointProperty());
        where.setWrapText(true);
        HBox.setHgrow(where, Priority.ALWAYS);
        where.setMaxWidth(Double.MAX_VALUE);
        Button open = new Button("Open in file manager");
        open.setId("openDrive");
        open.getStyleClass().add("accent");
        open.disableProperty().bind(model.mountedProperty().not());
        open.setOnAction(e -> actions.openDrive());
        Button versions = new Button("Versions\u2026");
        versions.setId("versionsButton");
        versions.disableProperty().bind(model.mountedProperty().not());
        versions.setOnAction(e -> actions.openVersions());
        HBox row = new HBox(12, caption, where, versions, open);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("card");
        return row;
    }

    private Parent figures() {
        HBox size = group("Size", figure("Files", model.logicalProperty(), "logical", null),
                figure("Stored on backends", model.storedProperty(), "stored", null),
                figure("Overhead", model.overheadProperty(), "overhead", model.codingProperty()));
        HBox queue = group("Upload queue", figure("Waiting", model.pendingProperty(), "pending",
                model.pendingBlocksProperty()), figure("Rate", model.rateProperty(), "rate", null),
                figure("Time left", model.etaProperty(), "eta", null));
        HBox.setHgrow(size, Priority.ALWAYS);
        HBox.setHgrow(queue, Priority.ALWAYS);
        return new HBox(12, size, queue);
    }

    private static HBox group(String caption, Parent... figures) {
        HBox h = new HBox(18, figures);
        for (Parent f : figures) {
            HBox.setHgrow(f, Priority.ALWAYS);
        }
        VBox.setVgrow(h, Priority.ALWAYS);
        HBox box = new HBox(h);
        box.getStyleClass().add("card");
        box.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(h, Priority.ALWAYS);
        box.setAccessibleText(caption);
        return box;
    }

    private static Parent figure(String caption, ObservableValue<String> value, String id,
            ObservableValue<String> hint) {
        Label v = new Label();
        v.setId(id);
        v.textProperty().bind(value);
        v.getStyleClass().add("figure");
        VBox box = new VBox(2, caption(caption), v);
        if (hint != null) {
            Label h = new Label();
            h.setId(id + "Hint");
            h.getStyleClass().add("hint");
            h.textProperty().bind(hint);
            box.getChildren().add(h);
        }
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private Parent chart() {
        NumberAxis x = new NumberAxis();
        x.setTickLabelsVisible(false);
        x.setTickMarkVisible(false);
        x.setForceZeroInRange(false);
        x.setMinorTickVisible(false);
        NumberAxis y = new NumberAxis();
        y.setLabel("MiB/s");
        y.setForceZeroInRange(true);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setId("throughputChart");
        c.getData().add(model.throughput());
        c.setCreateSymbols(false);
        c.setLegendVisible(false);
        c.setAnimated(false);
        c.setHorizontalGridLinesVisible(true);
        c.setVerticalGridLinesVisible(false);
        c.setPrefHeight(115);
        c.setMinHeight(100);
        VBox box = new VBox(4, caption("Upload throughput"), c);
        box.getStyleClass().add("card");
        return box;
    }

    private Parent backendsTable() {
        TableView<BackendDto> t = new TableView<>(model.backends());
        t.setId("backendsTable");
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(column("Site", 110, BackendDto::group));
        t.getColumns().add(column("Address", 150, BackendDto::address));
        t.getColumns().add(column("Namespace", 100, BackendDto::namespace));
        TableColumn<BackendDto, String> health = column("Health", 110, BackendDto::health);
        health.setCellFactory(col -> new HealthCell());
        t.getColumns().add(health);
        t.getColumns().add(numeric("Latency", 80, b -> Format.latency(b.latencyMs())));
        t.getColumns().add(numeric("Used", 90, b -> Format.size(b.usedBytes())));
        t.getColumns().add(numeric("Free", 90, b -> !answering(b) ? "\u2014" : b.freeBytes() < 0 ? "no limit"
                : Format.size(b.freeBytes())));
        t.getColumns().add(numeric("Shards", 80, b -> Format.count(b.shards())));
        t.setPlaceholder(new Label("No backends yet: add them in Settings."));
        t.setPrefHeight(220);
        VBox box = new VBox(6, caption("Backends"), t);
        VBox.setVgrow(t, Priority.ALWAYS);
        box.setMinHeight(230);
        return box;
    }

    private static boolean answering(BackendDto b) {
        return b.health().equals("HEALTHY") || b.health().equals("DEGRADED") || b.health().equals("FULL");
    }

    private static TableColumn<BackendDto, String> column(String name, double width, Function<BackendDto, String> f) {
        TableColumn<BackendDto, String> c = TextColumns.of(name, width, f);
        c.setMinWidth(60);
        return c;
    }

    private static TableColumn<BackendDto, String> numeric(String name, double width, Function<BackendDto, String> f) {
        TableColumn<BackendDto, String> c = column(name, width, f);
        c.getStyleClass().add("numeric");
        return c;
    }

    /** Health in words with its colour; the reason as a tooltip. */
    private static final class HealthCell extends TableCell<BackendDto, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeIf(k -> k.startsWith("health-"));
            if (empty || item == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText(switch (item) {
                case "HEALTHY" -> "\u25cf Healthy";
                case "DEGRADED" -> "\u25cf Slow";
                case "UNREACHABLE" -> "\u25cf Down";
                case "FULL" -> "\u25cf Full";
                default -> "\u25cb Checking";
            });
            getStyleClass().add("health-" + item.toLowerCase(java.util.Locale.ROOT));
            BackendDto row = getTableRow() == null ? null : getTableRow().getItem();
            setTooltip(row == null || row.reason().isEmpty() ? null : new javafx.scene.control.Tooltip(row.reason()));
        }
    }

    private Parent bottom() {
        Label repair = new Label();
        repair.setWrapText(true);
        repair.setMinHeight(Region.USE_PREF_SIZE);
        repair.setId("repair");
        repair.textProperty().bind(model.repairProperty());
        Label scrub = new Label();
        scrub.setWrapText(true);
        scrub.setMinHeight(Region.USE_PREF_SIZE);
        scrub.setId("scrub");
        scrub.textProperty().bind(model.scrubProperty());
        VBox activity = new VBox(4, caption("Repair"), repair, caption("Scrub"), scrub);
        VBox left = new VBox(8, caption("Repair and scrub"), activity);
        left.getStyleClass().add("card");
        left.setMinWidth(300);
        left.setPrefWidth(340);
        left.setMaxWidth(340);

        ListView<EventDto> events = new ListView<>(model.events());
        events.setId("events");
        events.setPlaceholder(new Label("Nothing has happened yet."));
        events.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(EventDto e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeIf(k -> k.startsWith("event-"));
                if (empty || e == null) {
                    setText(null);
                    return;
                }
                setText(Format.time(e.at()) + "   " + e.text());
                setWrapText(true);
                setPrefWidth(0); // wrap to the list's width instead of scrolling sideways
                getStyleClass().add("event-" + e.level());
            }
        });
        events.setPrefHeight(130);
        VBox right = new VBox(6, caption("Recent events"), events);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox row = new HBox(12, left, right);
        return row;
    }

    static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("caption");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
