package org.qsfs.app.ui;

import javafx.beans.value.ObservableValue;
import javafx.scene.shape.Circle;
import org.qsfs.app.control.DriveState;

/** The coloured dot for a drive or backend state; colours come from qsfs.css (state-ok, ...). */
public final class StatusBadge {
    private StatusBadge() {
    }

    public static Circle of(ObservableValue<DriveState> state, double radius) {
        Circle c = new Circle(radius);
        c.getStyleClass().add("state-dot");
        style(c, state.getValue());
        state.addListener((o, was, now) -> style(c, now));
        return c;
    }

    static void style(Circle c, DriveState s) {
        c.getStyleClass().removeIf(k -> k.startsWith("state-") && !k.equals("state-dot"));
        c.getStyleClass().add(styleClass(s));
    }

    public static String styleClass(DriveState s) {
        return "state-" + s.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The state as a short headline. */
    public static String headline(DriveState s) {
        return switch (s) {
            case OK -> "Your data is safe";
            case SYNCING -> "Uploading";
            case DEGRADED -> "Degraded";
            case ERROR -> "Needs attention";
        };
    }
}
