package org.qsfs.engine.fs;

/**
 * One directory entry. {@code offset} is the cookie to pass to the next
 * {@code readdir} call to continue after this entry (stable while entries are added or
 * removed). {@code name} is the raw name bytes (any byte but '/' and NUL).
 */
public record DirEntry(byte[] name, long ino, FileType type, long offset) {
    public String nameString() {
        return new String(name, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** "." or "..". */
    public boolean isDot() {
        return Names.isDot(name) || Names.isDotDot(name);
    }
}
