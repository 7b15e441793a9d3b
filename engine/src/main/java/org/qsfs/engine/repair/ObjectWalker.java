package org.qsfs.engine.repair;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.object.Manifest;
import org.qsfs.engine.object.ObjectNotFoundException;
import org.qsfs.engine.object.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the stored objects one manifest at a time, in path order, so memory holds the path
 * list and one manifest, never all block references at once.
 */
final class ObjectWalker {
    /** Called for each readable manifest. */
    @FunctionalInterface
    interface Visitor {
        void visit(String path, Manifest manifest) throws IOException, InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(ObjectWalker.class);

    private final ObjectStore objects;

    ObjectWalker(ObjectStore objects) {
        this.objects = objects;
    }

    /** Paths starting with {@code prefix} (null: all) and sorting after {@code startAfter} (null: from the start). */
    List<String> paths(String prefix, String startAfter) throws IOException {
        List<String> out = new ArrayList<>();
        for (String p : objects.list()) {
            if ((prefix == null || p.startsWith(prefix)) && (startAfter == null || p.compareTo(startAfter) > 0)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The manifest of {@code path}; null when the object was deleted meanwhile.
     *
     * @throws IOException the manifest cannot be read now (metadata backends down, corrupt record)
     */
    Manifest manifest(String path) throws IOException {
        try {
            return objects.manifest(path);
        } catch (ObjectNotFoundException e) {
            log.debug("{} was deleted while walking", path);
            return null;
        }
    }

    /** Visits every object in {@code paths}; unreadable manifests are added to {@code unreadable}. */
    void walk(List<String> paths, Visitor visitor, List<String> unreadable) throws IOException, InterruptedException {
        for (String path : paths) {
            if (Thread.interrupted()) {
                throw new InterruptedException("walk interrupted at " + path);
            }
            Manifest m;
            try {
                m = manifest(path);
            } catch (IOException e) {
                log.warn("{}: manifest unreadable, skipped: {}", path, e.getMessage());
                unreadable.add(path + ": " + e.getMessage());
                continue;
            }
            if (m != null) {
                visitor.visit(path, m);
            }
        }
    }
}
