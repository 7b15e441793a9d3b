package org.qsfs.app.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs `qsfs` in-process with a controlled environment and captured output. */
final class Cli {
    final Path home;
    final Map<String, String> env = new HashMap<>();
    String stdin = "";
    byte[] stdinBytes;
    /** What the last run wrote to stdout as bytes (retrieve PATH -). */
    java.io.ByteArrayOutputStream stdout;

    Cli(Path home) {
        this.home = home;
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        byte[] in = stdinBytes != null ? stdinBytes : stdin.getBytes(StandardCharsets.UTF_8);
        stdout = new java.io.ByteArrayOutputStream();
        CliEnvironment e = new CliEnvironment(Map.copyOf(env), home, new ByteArrayInputStream(in), stdout, null);
        CommandLine cl = QsfsMain.commandLine(e);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
