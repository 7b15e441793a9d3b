package org.qsfs.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.server.ZdbServer;

/** The store-dependent commands end to end: six data and four metadata zdb-servers on loopback, k=4 m=2. */
class StoreRetrieveTest {
    @TempDir
    Path dir;

    final List<ZdbServer> data = new ArrayList<>();
    final List<ZdbServer> meta = new ArrayList<>();
    Cli cli;
    Path config;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 6; i++) {
            data.add(new ZdbServer(ZdbConfig.embedded(dir.resolve("zdb/d" + i)).build()).start());
        }
        for (int i = 0; i < 4; i++) {
            meta.add(new ZdbServer(ZdbConfig.embedded(dir.resolve("zdb/m" + i)).build()).start());
        }
        StringBuilder sb = new StringBuilder("""
                data_shards = 4
                parity_shards = 2
                block_size = "256KiB"
                key_file = "qsfs.key"
                [timeouts]
                connect = "2s"
                request = "5s"
                [metadata]
                """);
        for (ZdbServer s : meta) {
            sb.append("[[metadata.backends]]\naddress = \"127.0.0.1:").append(s.port()).append("\"\n");
        }
        for (int g = 0; g < 2; g++) {
            sb.append("[[groups]]\nname = \"site-").append(g).append("\"\n");
            for (int i = 0; i < 3; i++) {
                sb.append("[[groups.backends]]\naddress = \"127.0.0.1:").append(data.get(g * 3 + i).port())
                  .append("\"\n");
            }
        }
        config = dir.resolve("qsfs.toml");
        Files.writeString(config, sb.toString());
        cli = new Cli(dir);
        cli.env.put("QSFS_CONFIG", config.toString());
        cli.env.put("QSFS_PASSPHRASE", "test passphrase for the volume");
        Cli.Result key = cli.run("key", "new");
        assertEquals(0, key.code(), key.toString());
    }

    @AfterEach
    void stop() {
        data.forEach(ZdbServer::close);
        meta.forEach(ZdbServer::close);
    }

    /** Rot: flips bytes in the middle of the first data backend's data file. */
    void rotFirstDataBackend() throws Exception {
        Path d0 = dir.resolve("zdb/d0/data/default/d0");
        byte[] raw = Files.readAllBytes(d0);
        for (int i = raw.length / 2; i < raw.length / 2 + 64; i++) {
            raw[i] ^= 0x5a;
        }
        Files.write(d0, raw);
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @Test
    void storeRetrieveListCheckStatus() throws Exception {
        byte[] content = new byte[1_300_000];
        new Random(42).nextBytes(content);
        Path file = dir.resolve("input.bin");
        Files.write(file, content);

        Cli.Result stored = cli.run("store", file.toString(), "/backups/input.bin");
        assertEquals(0, stored.code(), stored.toString());
        assertTrue(stored.out().contains("stored /backups/input.bin"), stored.out());
        assertTrue(stored.out().contains("safe"), stored.out());

        Path back = dir.resolve("out/back.bin");
        Cli.Result retrieved = cli.run("retrieve", "/backups/input.bin", back.toString());
        assertEquals(0, retrieved.code(), retrieved.toString());
        assertArrayEquals(sha256(content), sha256(Files.readAllBytes(back)));

        Cli.Result refused = cli.run("retrieve", "/backups/input.bin", back.toString());
        assertEquals(ExitCode.IO, refused.code(), refused.toString());
        assertTrue(refused.err().contains("refusing to overwrite"), refused.err());

        Cli.Result toStdout = cli.run("retrieve", "/backups/input.bin", "-");
        assertEquals(0, toStdout.code(), toStdout.toString());
        assertArrayEquals(sha256(content), sha256(cli.stdout.toByteArray()));

        cli.stdinBytes = "from stdin".getBytes();
        assertEquals(0, cli.run("store", "-", "/notes.txt").code());
        cli.stdinBytes = null;

        Cli.Result ls = cli.run("ls");
        assertEquals(0, ls.code(), ls.toString());
        assertTrue(ls.out().contains("/backups/input.bin") && ls.out().contains("/notes.txt"), ls.out());
        assertTrue(ls.out().contains("1300000"), ls.out());

        Cli.Result check = cli.run("check");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.out().contains("2 objects checked: all safe."), check.out());

        Cli.Result status = cli.run("status");
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("All 10 backends are reachable."), status.out());
        assertEquals(11, status.out().lines().filter(l -> l.startsWith("data") || l.startsWith("meta")
                || l.startsWith("ROLE")).count(), status.out());

        Cli.Result missing = cli.run("retrieve", "/no/such", dir.resolve("x").toString());
        assertEquals(ExitCode.NOT_FOUND, missing.code(), missing.toString());
        assertFalse(Files.exists(dir.resolve("x")));
        assertEquals(ExitCode.NOT_FOUND, cli.run("check", "/no/such").code());
        assertEquals(ExitCode.NOT_FOUND, cli.run("store", dir.resolve("nofile").toString(), "/x").code());
    }

    @Test
    void survivesTwoLostBackendsAndReportsThem() throws Exception {
        byte[] content = new byte[700_000];
        new Random(7).nextBytes(content);
        Path file = dir.resolve("input.bin");
        Files.write(file, content);
        assertEquals(0, cli.run("store", file.toString(), "/a.bin").code());

        data.get(0).close();
        data.get(4).close();

        Path back = dir.resolve("back.bin");
        Cli.Result retrieved = cli.run("retrieve", "/a.bin", back.toString());
        assertEquals(0, retrieved.code(), retrieved.toString());
        assertArrayEquals(sha256(content), sha256(Files.readAllBytes(back)));

        Cli.Result check = cli.run("check", "/a.bin");
        assertEquals(ExitCode.NOT_SAFE, check.code(), check.toString());
        assertTrue(check.out().contains("DEGRADED    /a.bin"), check.out());

        Cli.Result status = cli.run("status");
        assertEquals(ExitCode.NOT_SAFE, status.code(), status.toString());
        assertTrue(status.out().contains("UNREACHABLE"), status.out());
    }

    @Test
    void tooManyLostBackendsIsExit5AndWrongPassphraseIsExit3() throws Exception {
        Path file = dir.resolve("input.bin");
        Files.write(file, new byte[1000]);
        assertEquals(0, cli.run("store", file.toString(), "/a.bin").code());
        data.get(0).close();
        data.get(1).close();
        data.get(2).close();
        Cli.Result r = cli.run("retrieve", "/a.bin", dir.resolve("back").toString());
        assertEquals(ExitCode.NOT_SAFE, r.code(), r.toString());
        assertFalse(Files.exists(dir.resolve("back")));

        cli.env.put("QSFS_PASSPHRASE", "not the passphrase");
        Cli.Result wrong = cli.run("ls");
        assertEquals(ExitCode.KEY, wrong.code(), wrong.toString());
        assertTrue(wrong.err().contains("wrong passphrase"), wrong.err());
    }

    @Test
    void scrubCoversTheDrivesBlocksWhenNoDaemonRuns() throws Exception {
        // the drive's volume, as the daemon would have left it: a file written and uploaded
        org.qsfs.engine.config.QsfsConfig c = new org.qsfs.engine.config.ConfigLoader(dir).load(config);
        byte[] content = new byte[600_000];
        new Random(11).nextBytes(content);
        org.qsfs.engine.crypto.MasterKey key = org.qsfs.engine.crypto.KeyFile.read(c.keyFile(),
                "test passphrase for the volume".toCharArray());
        try (org.qsfs.engine.object.StorageEngine engine = org.qsfs.engine.config.ConfiguredEngine.open(key, c);
             org.qsfs.engine.fs.FsVolume vol = org.qsfs.engine.fs.FsVolume.open(
                     org.qsfs.app.daemon.MountedDrive.volumeOptions(c, 0), engine)) {
            org.qsfs.engine.fs.FsOperations fs = vol.fs();
            var created = fs.create(org.qsfs.engine.fs.Caller.ROOT, org.qsfs.engine.fs.FsOperations.ROOT_INO,
                    "in-the-drive.bin".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0644,
                    org.qsfs.engine.fs.OpenFlags.O_RDWR | org.qsfs.engine.fs.OpenFlags.O_CREAT);
            fs.write(created.fh(), 0, content, 0, content.length);
            fs.release(created.fh());
            vol.uploads().drain(java.time.Duration.ofSeconds(30));
        }
        assertTrue(org.qsfs.app.daemon.MountedDrive.volumeExists(c));
        rotFirstDataBackend();

        Cli.Result scrub = cli.run("scrub");
        assertEquals(0, scrub.code(), scrub.toString());
        assertTrue(scrub.out().contains("volume block"), scrub.toString());
        assertTrue(scrub.out().matches("(?s).*rebuilt [1-9][0-9]* shards.*"), scrub.toString());
        Cli.Result again = cli.run("scrub");
        assertTrue(again.out().contains("0 problems found"), again.toString());
    }

    @Test
    void scrubFindsRotAndRebuildRepairsIt() throws Exception {
        byte[] content = new byte[900_000];
        new Random(5).nextBytes(content);
        Path file = dir.resolve("rot.bin");
        Files.write(file, content);
        assertEquals(0, cli.run("store", file.toString(), "docs/rot.bin").code());

        rotFirstDataBackend();

        Cli.Result scrub = cli.run("scrub");
        assertEquals(0, scrub.code(), scrub.toString());
        assertTrue(scrub.out().matches("(?s).*[1-9][0-9]* problems found.*"), scrub.toString());
        assertTrue(scrub.out().matches("(?s).*rebuilt [1-9][0-9]* shards.*"), scrub.toString());

        Cli.Result again = cli.run("scrub");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("0 problems found"), again.toString());
        assertTrue(again.out().matches("(?s).*metadata: [1-9][0-9]* records checked, 0 written again.*"),
                again.toString());

        Path back = dir.resolve("rot.back");
        assertEquals(0, cli.run("retrieve", "docs/rot.bin", back.toString()).code());
        assertArrayEquals(sha256(content), sha256(Files.readAllBytes(back)));
        assertEquals(0, cli.run("rebuild", "docs/rot.bin").code());
    }

    @Test
    void overwrittenContentStaysReadableByVersion() throws Exception {
        Path v1 = dir.resolve("v1.txt");
        Path v2 = dir.resolve("v2.txt");
        Files.writeString(v1, "first draft\n");
        Files.writeString(v2, "second draft, longer\n");
        assertEquals(0, cli.run("store", v1.toString(), "notes.txt").code());
        assertEquals(0, cli.run("store", v2.toString(), "notes.txt").code());
        Cli.Result history = cli.run("history", "notes.txt");
        assertEquals(0, history.code(), history.toString());
        String[] lines = history.out().strip().split("\n");
        assertEquals(1, lines.length, history.toString());
        String version = lines[0].strip().split("\\s+")[0];
        Path back = dir.resolve("back.txt");
        Cli.Result old = cli.run("retrieve", "--version", version, "notes.txt", back.toString());
        assertEquals(0, old.code(), old.toString());
        assertEquals("first draft\n", Files.readString(back));
        assertEquals(ExitCode.NOT_FOUND, cli.run("history", "never-stored").code());
    }
}
