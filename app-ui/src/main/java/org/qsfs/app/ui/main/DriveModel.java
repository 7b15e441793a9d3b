package org.qsfs.app.ui.main;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;
import org.qsfs.app.control.ActivityDto;
import org.qsfs.app.control.BackendDto;
import org.qsfs.app.control.DriveState;
import org.qsfs.app.control.EventDto;
import org.qsfs.app.control.StatusDto;
import org.qsfs.app.ui.Format;

/**
 * The observable state the main window and the tray bind to, filled from the daemon's
 * {@link StatusDto}. Touch it on the FX thread only.
 */
public final class DriveModel {
    static final int CHART_POINTS = 60;

    private final ObjectProperty<DriveState> state = new SimpleObjectProperty<>(DriveState.ERROR);
    private final StringProperty summary = new SimpleStringProperty("Connecting to the QSFS daemon...");
    private final StringProperty mountPoint = new SimpleStringProperty("");
    private final BooleanProperty mounted = new SimpleBooleanProperty(false);
    private final StringProperty logical = new SimpleStringProperty("\u2014");
    private final StringProperty stored = new SimpleStringProperty("\u2014");
    private final StringProperty overhead = new SimpleStringProperty("\u2014");
    private final StringProperty coding = new SimpleStringProperty("");
    private final StringProperty pending = new SimpleStringProperty("\u2014");
    private final StringProperty pendingBlocks = new SimpleStringProperty("");
    private final StringProperty rate = new SimpleStringProperty("\u2014");
    private final StringProperty eta = new SimpleStringProperty("\u2014");
    private final StringProperty repair = new SimpleStringProperty("idle");
    private final StringProperty scrub = new SimpleStringProperty("idle");
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final BooleanProperty connected = new SimpleBooleanProperty(false);
    private final ObservableList<BackendDto> backends = FXCollections.observableArrayList();
    private final ObservableList<EventDto> events = FXCollections.observableArrayList();
    private final XYChart.Series<Number, Number> throughput = new XYChart.Series<>();
    private long tick;

    public DriveModel() {
        throughput.setName("upload MiB/s");
    }

    /** Shows a status the daemon sent. */
    public void update(StatusDto s) {
        connected.set(true);
        state.set(s.driveState());
        summary.set(s.summary());
        mounted.set(s.mountPoint() != null);
        mountPoint.set(s.mountPoint() != null ? s.mountPoint() : s.mountProblem() != null ? s.mountProblem()
                : "Not mounted");
        logical.set(Format.size(s.logicalBytes()));
        stored.set(Format.size(s.storedBytes()));
        overhead.set(Format.ratio(s.overhead()));
        coding.set("k=" + s.dataShards() + ", m=" + s.parityShards());
        if (s.queue().available()) {
            pending.set(Format.size(s.queue().pendingBytes()));
            pendingBlocks.set(Format.count(s.queue().pendingBlocks()) + (s.queue().pendingBlocks() == 1 ? " block"
                    : " blocks"));
            rate.set(s.paused() ? "paused" : Format.rate(s.queue().bytesPerSecond()));
            eta.set(s.queue().pendingBytes() == 0 ? "done" : Format.eta(s.queue().etaSeconds()));
        } else {
            pending.set("\u2014");
            pendingBlocks.set("no drive mounted");
            rate.set(s.paused() ? "paused" : "\u2014");
            eta.set("\u2014");
        }
        ActivityDto a = s.activity();
        repair.set(a.repair() + (a.shardsRepaired() > 0 ? " (" + a.shardsRepaired() + " shards rebuilt)" : ""));
        scrub.set(a.scrub() + (a.scrubsCompleted() > 0 ? " (" + a.scrubsCompleted() + " completed)" : ""));
        paused.set(s.paused());
        replace(backends, s.backends());
        replace(events, s.events());
        addPoint(s.queue().available() && !s.paused() ? s.queue().bytesPerSecond() / (1 << 20) : 0);
    }

    /** The daemon does not answer. */
    public void unreachable(String why) {
        // connected goes last: whoever reacts to it finds the state and summary already set
        state.set(DriveState.ERROR);
        summary.set(why);
        mounted.set(false);
        connected.set(false);
    }

    private void addPoint(double mibPerSecond) {
        throughput.getData().add(new XYChart.Data<>(tick++, mibPerSecond));
        if (throughput.getData().size() > CHART_POINTS) {
            throughput.getData().remove(0);
        }
    }

    private static <T> void replace(ObservableList<T> list, List<T> now) {
        if (!list.equals(now)) {
            list.setAll(now);
        }
    }

    public ObjectProperty<DriveState> stateProperty() {
        return state;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public StringProperty mountPointProperty() {
        return mountPoint;
    }

    public BooleanProperty mountedProperty() {
        return mounted;
    }

    public StringProperty logicalProperty() {
        return logical;
    }

    public StringProperty storedProperty() {
        return stored;
    }

    public StringProperty overheadProperty() {
        return overhead;
    }

    public StringProperty codingProperty() {
        return coding;
    }

    public StringProperty pendingBlocksProperty() {
        return pendingBlocks;
    }

    public StringProperty pendingProperty() {
        return pending;
    }

    public StringProperty rateProperty() {
        return rate;
    }

    public StringProperty etaProperty() {
        return eta;
    }

    public StringProperty repairProperty() {
        return repair;
    }

    public StringProperty scrubProperty() {
        return scrub;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public BooleanProperty connectedProperty() {
        return connected;
    }

    public ObservableList<BackendDto> backends() {
        return backends;
    }

    public ObservableList<EventDto> events() {
        return events;
    }

    public XYChart.Series<Number, Number> throughput() {
        return throughput;
    }
}
