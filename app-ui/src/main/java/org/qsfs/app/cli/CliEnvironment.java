package org.qsfs.app.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the command line takes from its surroundings: environment variables, the home
 * directory, standard input and the terminal. Tests pass their own.
 *
 * @param env environment variables
 * @param home what {@code ~} stands for
 * @param stdin standard input (recovery phrases, {@code store -})
 * @param stdout standard output as bytes ({@code retrieve PATH -})
 * @param terminal the interactive terminal, or null when there is none (scripts, CI, pipes)
 */
public record CliEnvironment(Map<String, String> env, Path home, InputStream stdin, OutputStream stdout,
                             Terminal terminal) {
    /** An interactive terminal: prompts without echo for secrets. */
    public interface Terminal {
        /** Reads a secret without echo; null at end of input. */
        char[] readSecret(String prompt);

        /** Reads a line; null at end of input. */
        String readLine(String prompt);
    }

    public String getenv(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The real process: System.getenv, user.home, System.in, System.console(). */
    public static CliEnvironment system() {
        Console console = System.console();
        Terminal terminal = console == null ? null : new Terminal() {
            @Override
            public char[] readSecret(String prompt) {
                return console.readPassword("%s", prompt);
            }

            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }
        };
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), System.in, System.out,
                terminal);
    }
}
