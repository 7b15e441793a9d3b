package org.qsfs.app.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * Aligned forms with inline errors: a label column sized to its longest label, a field column
 * that grows, and under each field an error line that is empty (and takes no space) until a
 * problem is shown there.
 */
public final class Forms {
    private final GridPane grid = new GridPane();
    private final ColumnConstraints labels = new ColumnConstraints();
    private int row;

    public Forms() {
        grid.getStyleClass().add("form");
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, fields);
    }

    /** Makes the label column at least {@code width} wide, to align several forms in one window. */
    public Forms labelWidth(double width) {
        labels.setMinWidth(width);
        labels.setPrefWidth(width);
        return this;
    }

    public GridPane grid() {
        return grid;
    }

    /** A labelled field; returns the error label placed under it (id {@code errorId}). */
    public Label field(String label, Node field, String errorId) {
        Label l = new Label(label);
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.setLabelFor(field);
        grid.add(l, 0, row);
        grid.add(field, 1, row);
        row++;
        Label error = errorLabel(errorId);
        grid.add(error, 1, row++);
        return error;
    }

    /** A row with no label (check boxes, buttons, hints). */
    public void row(Node node) {
        grid.add(node, 1, row++);
    }

    /** A row spanning both columns. */
    public void wide(Node node) {
        grid.add(node, 0, row++, 2, 1);
    }

    public static Label errorLabel(String id) {
        Label error = new Label();
        error.setId(id);
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        return error;
    }

    /** Shows {@code message} under a field and marks the field; null or empty clears both. */
    public static void error(Label error, Node field, String message) {
        boolean bad = message != null && !message.isEmpty();
        error.setText(bad ? capitalise(message) : "");
        if (field != null) {
            field.getStyleClass().remove("invalid");
            if (bad) {
                field.getStyleClass().add("invalid");
            }
        }
    }

    public static String capitalise(String s) {
        return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public static String text(TextInputControl c) {
        return c.getText() == null ? "" : c.getText().strip();
    }
}
