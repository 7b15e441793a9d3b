package org.qsfs.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.qsfs.app.control.ControlClient;
import org.qsfs.app.control.ControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the {@code qsfs} daemon as a separate process (never in the app's JVM: a FUSE mount
 * and JavaFX do not share a process), detached so that it keeps the drive up when the app
 * quits; waits until its control API answers, or reports why it exited.
 */
public final class DaemonProcess {
    private static final Logger log = LoggerFactory.getLogger(DaemonProcess.class);

    private DaemonProcess() {
    }

    /** The command that runs {@code qsfs ARGS} with this JVM and class path. */
    public static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        cmd.add("-Duser.home=" + System.getProperty("user.home")); // the same config and data directories
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.qsfs.app.cli.QsfsMain");
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs {@code qsfs ARGS} in the background (log in {@code logFile}) and waits up to
     * {@code timeout} for the daemon behind {@code endpointFile} to answer.
     *
     * @throws IOException the daemon exited (with the last line of its log) or did not answer in time
     */
    public static void start(List<String> args, Map<String, String> env, Path endpointFile, Path logFile,
            Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        if (!Files.exists(logFile)) {
            Files.createFile(logFile);
        }
        try {
            // owner-only: a first `qsfs demo` prints the demo key's recovery phrase there
            Files.setPosixFilePermissions(logFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the profile directory is private
        }
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(isWindows() ? "NUL" : "/dev/null")));
        pb.environment().putAll(env);
        log.info("starting the qsfs daemon: qsfs {}", String.join(" ", args));
        Process p = pb.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("the qsfs daemon stopped (exit " + p.exitValue() + "): " + lastLine(logFile));
            }
            try {
                ControlClient.forFile(endpointFile).status();
                return;
            } catch (ControlException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("the qsfs daemon did not answer within " + timeout.toSeconds() + " s; see " + logFile);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }

    static String lastLine(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    String l = lines.get(i).strip();
                    return l.startsWith("qsfs: ") ? l.substring(6) : l;
                }
            }
            return "no output (see " + logFile + ")";
        } catch (IOException e) {
            return "see " + logFile;
        }
    }
}
