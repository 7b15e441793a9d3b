package org.qsfs.engine.config;

import java.util.List;

/**
 * A configuration file cannot be used. {@link #problems()} lists every problem found, each
 * naming the field (e.g. {@code groups[1].backends[0].address}) and saying what to do; the
 * message lists them all, one per line, under the file's name.
 */
public class ConfigException extends Exception {
    private final String source;
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String source, String problem) {
        this(source, List.of(problem));
    }

    public ConfigException(String source, String problem, Throwable cause) {
        super(message(source, List.of(problem)), cause);
        this.source = source;
        this.problems = List.of(problem);
    }

    /** The file (or other source) the configuration came from. */
    public String source() {
        return source;
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        if (problems.size() == 1) {
            return source + ": " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder(source).append(": ").append(problems.size()).append(" problems:");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
