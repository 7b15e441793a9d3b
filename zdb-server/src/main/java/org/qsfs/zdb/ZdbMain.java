package org.qsfs.zdb;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.server.ZdbServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar zdb-server.jar}: the standalone server, with upstream 0-db's flags. */
@Command(name = "zdb-server", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = ZdbMain.Version.class,
        description = "A 0-db compatible server: RESP over TCP or a unix socket, namespaces, "
                + "append-only data files in the upstream 0-db v2 format.")
public final class ZdbMain implements Callable<Integer> {
    /** Hidden: the child of --background reports readiness through this file. */
    private static final String READY_FILE_OPTION = "--ready-file";

    @Option(names = "--data", paramLabel = "DIR", description = "data files directory (default ./zdb-data)")
    Path data = Path.of("zdb-data");
    @Option(names = "--index", paramLabel = "DIR", description = "index files directory (default ./zdb-index)")
    Path index = Path.of("zdb-index");
    @Option(names = "--mode", paramLabel = "MODE", description = "user or seq; without it namespaces are mixed (NSSET mode)")
    String mode;
    @Option(names = "--datasize", paramLabel = "SIZE", description = "data file size before rotation (default 256M; 512k..4G)")
    String datasize;
    @Option(names = "--listen", paramLabel = "ADDR", description = "listen address (default ::)")
    String listen = "::";
    @Option(names = "--port", paramLabel = "PORT", description = "listen port (default 9900)")
    int port = 9900;
    @Option(names = "--socket", paramLabel = "PATH", description = "unix socket path (replaces TCP unless --dualnet)")
    Path socket;
    @Option(names = "--dualnet", description = "listen on the unix socket and on TCP")
    boolean dualnet;
    @Option(names = "--hook", paramLabel = "FILE", description = "executable run on events (ready, close, jump-index, ...)")
    Path hook;
    @Option(names = "--admin", paramLabel = "PASS", description = "admin password (without it every client is admin)")
    String admin;
    @Option(names = "--maxsize", paramLabel = "BYTES", description = "default namespace maximum data size")
    String maxsize;
    @Option(names = "--protect", description = "protect the default namespace with the admin password")
    boolean protect;
    @Option(names = "--verbose", description = "debug logging")
    boolean verbose;
    @Option(names = "--dump", description = "load every namespace, print a summary, exit")
    boolean dump;
    @Option(names = "--sync", description = "fsync every write before replying")
    boolean sync;
    @Option(names = "--synctime", paramLabel = "SECS", description = "fsync at the next write when the last one is older")
    int synctime;
    @Option(names = "--secure", description = "accepted for compatibility (our writes are always ordered)")
    boolean secure;
    @Option(names = "--background", description = "detach once ready")
    boolean background;
    @Option(names = "--logfile", paramLabel = "FILE", description = "log file (with --background)")
    Path logfile;
    @Option(names = "--rotate", paramLabel = "SECS", description = "rotate files after this many seconds")
    int rotate;
    @Option(names = READY_FILE_OPTION, hidden = true)
    Path readyFile;

    public static void main(String[] args) {
        for (String a : args) {
            if (a.equals("--verbose")) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            }
        }
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        originalArgs = List.of(args);
        CommandLine cl = new CommandLine(new ZdbMain());
        int code = cl.execute(args);
        if (code != 0 || !ZdbMain.serving) {
            System.exit(code);
        }
    }

    private static volatile boolean serving;

    @Override
    public Integer call() throws Exception {
        ZdbConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("zdb-server: " + e.getMessage());
            return 1;
        }
        if (background) {
            return Background.detach(readyFileless(), logfile);
        }
        if (dump) {
            return Dump.run(config);
        }
        ZdbServer server = new ZdbServer(config);
        try {
            server.start();
        } catch (IOException e) {
            System.err.println("zdb-server: " + e.getMessage());
            Background.report(readyFile, "failed: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "zdb-shutdown"));
        Background.report(readyFile, "ready");
        serving = true;
        server.awaitTermination();
        return 0;
    }

    private ZdbConfig config() {
        ZdbConfig.Builder b = ZdbConfig.builder()
                .dataPath(data).indexPath(index).listen(listen).port(port).socket(socket).dualnet(dualnet)
                .hook(hook).adminPassword(admin).protect(protect).sync(sync).synctime(synctime)
                .rotateSeconds(rotate).verbose(verbose);
        if (mode != null) {
            switch (mode) {
                case "user" -> b.mode(ZdbConfig.Mode.USER);
                case "seq", "direct" -> b.mode(ZdbConfig.Mode.SEQ);
                default -> throw new IllegalArgumentException("invalid mode '" + mode + "': 'user' or 'seq' expected");
            }
        }
        if (datasize != null) {
            b.datasize(SizeParser.parse(datasize));
        }
        if (maxsize != null) {
            b.maxsize(SizeParser.parse(maxsize));
        }
        return b.build();
    }

    /** The arguments of this run for the detached child: same flags, minus --background. */
    private List<String> readyFileless() {
        List<String> args = new ArrayList<>();
        for (String a : originalArgs) {
            if (!a.equals("--background")) {
                args.add(a);
            }
        }
        return args;
    }

    static List<String> originalArgs = List.of();

    /** Version of this server and of the upstream protocol and files it follows. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ZdbMain.class.getPackage().getImplementationVersion();
            return new String[] {
                "zdb-server " + (v == null ? "development" : v),
                "0-db compatible: protocol and files of upstream 0-db v2.0.7 (data format 3, index format 4)"
            };
        }
    }

    /** --background: start a detached copy of this JVM and wait until it serves. */
    static final class Background {
        private Background() {
        }

        static int detach(List<String> args, Path logfile) throws IOException, InterruptedException {
            Path ready = Files.createTempFile("zdb-ready", ".txt");
            Files.delete(ready);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(ZdbMain.class.getName());
            cmd.addAll(args);
            cmd.add(READY_FILE_OPTION);
            cmd.add(ready.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (logfile != null) {
                pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logfile.toFile()));
            } else {
                pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            Process child = pb.start();
            for (int i = 0; i < 600; i++) {
                if (Files.exists(ready)) {
                    String s = Files.readString(ready, StandardCharsets.UTF_8).trim();
                    if (s.isEmpty()) {
                        Thread.sleep(20);
                        continue;
                    }
                    Files.deleteIfExists(ready);
                    if (s.equals("ready")) {
                        System.out.println("zdb-server: forked to background (pid " + child.pid() + ")");
                        return 0;
                    }
                    System.err.println("zdb-server: " + s);
                    return 1;
                }
                if (!child.isAlive()) {
                    System.err.println("zdb-server: background server exited with " + child.exitValue()
                            + (logfile != null ? "; see " + logfile : ""));
                    return 1;
                }
                Thread.sleep(100);
            }
            System.err.println("zdb-server: background server not ready after 60 s");
            return 1;
        }

        static void report(Path readyFile, String status) {
            if (readyFile == null) {
                return;
            }
            try {
                Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
                Files.writeString(tmp, status, StandardCharsets.UTF_8);
                Files.move(tmp, readyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                System.err.println("zdb-server: cannot report readiness: " + e.getMessage());
            }
        }
    }
}
