package org.qsfs.engine.object;

/**
 * One kept older content of an object (see {@link ObjectStore#history}): its path and the
 * version it had while it was current. Names the manifest record {@code objver/<path>@<version>}.
 */
public record ObjectVersion(String path, long version) implements Comparable<ObjectVersion> {
    @Override
    public int compareTo(ObjectVersion o) {
        int c = path.compareTo(o.path);
        return c != 0 ? c : Long.compare(version, o.version);
    }

    @Override
    public String toString() {
        return path + " (version " + version + ")";
    }
}
