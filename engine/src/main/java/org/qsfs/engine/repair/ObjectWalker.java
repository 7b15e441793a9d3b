package org.qsfs.engine.repair;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.qsfs.engine.object.Manifest;
import org.qsfs.engine.object.ObjectNotFoundException;
import org.qsfs.engine.object.ObjectStore;
import org.qsfs.engine.object.ObjectVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the manifests that refer to blocks, one at a time, in path order: each stored
 * object's current manifest and every kept older version of it (also of deleted paths), so
 * memory holds the list of names and one manifest, never all block references at once.
 */
final class ObjectWalker {
    /**
     * One manifest: the current one of {@code path} ({@link #CURRENT}) or its kept version
     * {@code version}; or, with a {@code source}, the owner {@code path} of a reference in that
     * {@link BlockRefSource} (version unused). Sorts objects first, by path, the current manifest
     * before the versions, versions oldest first; then the owners of each source.
     */
    record Target(String source, String path, long version) implements Comparable<Target> {
        static final long CURRENT = -1;

        Target(String path, long version) {
            this(null, path, version);
        }

        static Target current(String path) {
            return new Target(path, CURRENT);
        }

        static Target owned(String source, String owner) {
            return new Target(source, owner, CURRENT);
        }

        /** A manifest of the object store (not an owner in another source). */
        boolean isObject() {
            return source == null;
        }

        boolean isCurrent() {
            return source == null && version == CURRENT;
        }

        @Override
        public int compareTo(Target o) {
            if (source == null ? o.source != null : !source.equals(o.source)) {
                return source == null ? -1 : o.source == null ? 1 : source.compareTo(o.source);
            }
            int c = path.compareTo(o.path);
            return c != 0 ? c : Long.compare(version, o.version);
        }

        @Override
        public String toString() {
            if (source != null) {
                return source + " block " + path;
            }
            return isCurrent() ? path : path + " (version " + version + ")";
        }
    }

    /** Called for each readable manifest. */
    @FunctionalInterface
    interface Visitor {
        void visit(Target target, Manifest manifest) throws IOException, InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(ObjectWalker.class);

    private final ObjectStore objects;

    ObjectWalker(ObjectStore objects) {
        this.objects = objects;
    }

    /**
     * The manifests of paths starting with {@code prefix} (null: all) and sorting after
     * {@code startAfter} (null: from the start): current ones and kept versions, sorted.
     */
    List<Target> targets(String prefix, String startAfter) throws IOException {
        List<Target> out = new ArrayList<>();
        for (String p : objects.list()) {
            if (wanted(p, prefix, startAfter)) {
                out.add(Target.current(p));
            }
        }
        for (ObjectVersion v : objects.versions()) {
            if (wanted(v.path(), prefix, startAfter)) {
                out.add(new Target(v.path(), v.version()));
            }
        }
        Collections.sort(out);
        return out;
    }

    private static boolean wanted(String path, String prefix, String startAfter) {
        return (prefix == null || path.startsWith(prefix)) && (startAfter == null || path.compareTo(startAfter) > 0);
    }

    /**
     * The manifest of {@code target}; null when the object was deleted (or the version
     * dropped) meanwhile.
     *
     * @throws IOException the manifest cannot be read now (metadata backends down, corrupt record)
     */
    Manifest manifest(Target target) throws IOException {
        try {
            return target.isCurrent() ? objects.manifest(target.path())
                    : objects.versionManifest(target.path(), target.version());
        } catch (ObjectNotFoundException e) {
            log.debug("{} was deleted while walking", target);
            return null;
        }
    }

    /** Visits every manifest in {@code targets}; unreadable ones are added to {@code unreadable}. */
    void walk(List<Target> targets, Visitor visitor, List<String> unreadable) throws IOException, InterruptedException {
        for (Target t : targets) {
            if (Thread.interrupted()) {
                throw new InterruptedException("walk interrupted at " + t);
            }
            Manifest m;
            try {
                m = manifest(t);
            } catch (IOException e) {
                log.warn("{}: manifest unreadable, skipped: {}", t, e.getMessage());
                unreadable.add(t + ": " + e.getMessage());
                continue;
            }
            if (m != null) {
                visitor.visit(t, m);
            }
        }
    }
}
