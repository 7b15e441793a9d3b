package org.qsfs.app.cli;

import java.util.Arrays;
import org.qsfs.zdb.ZdbMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `qsfs` command line: headless servers, Docker and Kubernetes. Exit codes: {@link ExitCode}, docs/CLI.md. */
@Command(name = "qsfs", mixinStandardHelpOptions = true, version = "qsfs 0.1.0",
        description = "The Quantum Safe Filesystem: encrypted, erasure-coded, dispersed over 0-db backends.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {DemoCommand.class, MountCommand.class, UnmountCommand.class, PauseCommand.class,
            ResumeCommand.class, AppCommand.class, StoreCommand.class, RetrieveCommand.class, LsCommand.class,
            CheckCommand.class, HistoryCommand.class, VersionsCommand.class, RestoreVersionCommand.class,
            StatusCommand.class, RebuildCommand.class, ScrubCommand.class, KeyCommand.class, ConfigCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 usage, 2 configuration, 3 key or passphrase, 4 not found,"
                + " 5 not enough backends / not safe, 6 I/O, 7 not available yet, 8 interrupted, 9 internal error."})
public final class QsfsMain {
    @Mixin
    GlobalOptions globals;

    private final CliEnvironment environment;

    public QsfsMain(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    public static void main(String[] args) {
        configureLogging(args);
        if (args.length > 0 && args[0].equals("zdb")) {
            // The standalone server's own entry point, so that --background re-launches it with the same flags.
            ZdbMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(execute(CliEnvironment.system(), args));
    }

    /** Runs one command line; returns its exit code. */
    public static int execute(CliEnvironment env, String... args) {
        return commandLine(env).execute(args);
    }

    /** The command tree with its error handling; tests set its out and err. */
    public static CommandLine commandLine(CliEnvironment env) {
        CommandLine cl = new CommandLine(new QsfsMain(env));
        CommandLine zdb = new CommandLine(new ZdbMain());
        zdb.getCommandSpec().usageMessage().description("Run a 0-db compatible backend (zdb-server) in this"
                + " process; the same flags as `java -jar zdb-server.jar`.");
        cl.addSubcommand("zdb", zdb);
        ErrorHandler errors = new ErrorHandler();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        return cl;
    }

    /** slf4j-simple reads its settings once: quiet by default, debug with --verbose. */
    private static void configureLogging(String[] args) {
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", verbose ? "true" : "false");
        setIfAbsent("org.slf4j.simpleLogger.showLogName", verbose ? "true" : "false");
        if (!verbose) {
            // `status` and `check` report unreachable backends themselves; the client's retries are noise here.
            setIfAbsent("org.slf4j.simpleLogger.log.org.qsfs.engine.zdb.HealthTracker", "error");
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
