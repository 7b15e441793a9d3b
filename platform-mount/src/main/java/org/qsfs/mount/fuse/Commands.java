package org.qsfs.mount.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short system command (fusermount, umount) and collects its exit code and output. */
public final class Commands {
    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private Commands() {
    }

    public static Result run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not finish within 30 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** True when {@code name} is an executable on the PATH. */
    public static boolean onPath(String name) {
        return which(name) != null;
    }

    /** The executable {@code name} on the PATH, or null. */
    public static java.nio.file.Path which(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            java.nio.file.Path p = java.nio.file.Path.of(dir, name);
            if (java.nio.file.Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
