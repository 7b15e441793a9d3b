package org.qsfs.mount.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs programs (cp, rsync, tar, git, sqlite3, df, ...) for the mount tests. */
public final class Sh {
    public record Result(int exit, String out) {
    }

    private Sh() {
    }

    /** Runs {@code command} in {@code dir}; fails the test when it exits non-zero. */
    public static String ok(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, command);
        if (r.exit != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exit + ":\n" + r.out);
        }
        return r.out;
    }

    /** Runs a bash script in {@code dir}; fails the test when it exits non-zero. */
    public static String bash(Path dir, String script) throws IOException, InterruptedException {
        return ok(dir, "bash", "-euo", "pipefail", "-c", script);
    }

    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 10 minutes");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    public static boolean have(String program) {
        try {
            return run(null, "bash", "-c", "command -v " + program).exit == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
