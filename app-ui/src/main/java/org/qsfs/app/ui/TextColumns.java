package org.qsfs.app.ui;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableColumn;

/** Table columns that show a text worked out from each row (the windows' tables are read-only views). */
public final class TextColumns {
    private TextColumns() {
    }

    /** A column titled {@code name}, {@code width} wide by preference, showing {@code text} of each row. */
    public static <T> TableColumn<T, String> of(String name, double width, Function<T, String> text) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(text.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
