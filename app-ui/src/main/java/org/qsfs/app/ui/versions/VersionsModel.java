package org.qsfs.app.ui.versions;

import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.qsfs.app.control.VersionDto;
import org.qsfs.app.ui.Background;
import org.qsfs.app.ui.DaemonLink;

/**
 * What the versions window shows: the file (its path inside the drive), the contents the drive
 * keeps for it (oldest first, the current one last) and a message; lists and restores through
 * the daemon. Its methods run on the FX thread; the daemon is called in the background.
 */
public final class VersionsModel {
    private final DaemonLink link;
    private final Path mountPoint;
    private final StringProperty drivePath = new SimpleStringProperty("");
    private final ObservableList<VersionDto> versions = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();

    /** @param mountPoint where the drive is mounted (to turn a chosen file into its path in the drive), or null */
    public VersionsModel(DaemonLink link, Path mountPoint) {
        this.link = link;
        this.mountPoint = mountPoint;
    }

    public StringProperty drivePathProperty() {
        return drivePath;
    }

    public ObservableList<VersionDto> versions() {
        return versions;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /**
     * The path inside the drive of {@code file} (a file chosen under the mount point), e.g.
     * "/docs/report.odt"; empty when it is not inside the drive.
     */
    public static Optional<String> drivePathOf(Path mountPoint, Path file) {
        if (mountPoint == null || file == null) {
            return Optional.empty();
        }
        Path m = mountPoint.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(m) || f.equals(m)) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder();
        for (Path part : m.relativize(f)) {
            b.append('/').append(part);
        }
        return Optional.of(b.toString());
    }

    /** Takes a file chosen in the file dialog: its path in the drive, then its versions. */
    public void choose(Path file) {
        Optional<String> p = drivePathOf(mountPoint, file);
        if (p.isEmpty()) {
            versions.clear();
            message.set(file + " is not in the drive (" + mountPoint + "): choose a file inside it.");
            return;
        }
        drivePath.set(p.get());
        load();
    }

    /** Lists the kept versions of the path in the field. */
    public void load() {
        load(null);
    }

    /** Lists the versions; then shows {@code note} if given, else what was found. */
    private void load(String note) {
        String path = normalised();
        if (path == null) {
            message.set("Type the file's path inside the drive, e.g. /docs/report.odt, or choose the file.");
            return;
        }
        busy.set(true);
        message.set("Looking up " + path + " ...");
        Background.run(() -> link.versions(path), v -> {
            busy.set(false);
            versions.setAll(v.versions());
            long kept = v.versions().stream().filter(x -> !x.current()).count();
            message.set(note != null ? note : kept == 0 ? path + ": no older content is kept yet (a version is kept when a file is"
                    + " changed, replaced or deleted)." : path + ": " + kept + (kept == 1 ? " older content" : " older contents")
                    + " kept. Select one and press Restore to make it the file's content again.");
        }, e -> {
            busy.set(false);
            versions.clear();
            message.set(e.getMessage());
        });
    }

    /** Makes {@code v} the content of the path again, then lists the versions anew. */
    public void restore(VersionDto v) {
        String path = normalised();
        if (path == null || v == null || v.current()) {
            return;
        }
        busy.set(true);
        Background.run(() -> link.restoreVersion(path, v.id()), r -> {
            busy.set(false);
            load(r.message());
        }, e -> {
            busy.set(false);
            message.set(e.getMessage());
        });
    }

    /** The field's path with a leading "/", or null when it is empty. */
    private String normalised() {
        String p = drivePath.get() == null ? "" : drivePath.get().trim();
        if (p.isEmpty()) {
            return null;
        }
        return p.startsWith("/") ? p : "/" + p;
    }
}
