package org.qsfs.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandsTest {
    @TempDir
    Path dir;

    /** k=4 m=2 over two groups of three on loopback ports 1..6, four metadata backends. */
    static Path writeValidConfig(Path dir, String extra) throws Exception {
        StringBuilder sb = new StringBuilder(extra).append("\n[metadata]\n");
        for (int i = 0; i < 4; i++) {
            sb.append("[[metadata.backends]]\naddress = \"127.0.0.1:").append(i + 1).append("\"\nnamespace = \"meta\"\n");
        }
        for (int g = 0; g < 2; g++) {
            sb.append("[[groups]]\nname = \"site-").append(g).append("\"\n");
            for (int i = 0; i < 3; i++) {
                sb.append("[[groups.backends]]\naddress = \"127.0.0.1:").append(g * 3 + i + 1).append("\"\n");
            }
        }
        Path p = dir.resolve("qsfs.toml");
        Files.writeString(p, sb.toString());
        return p;
    }

    @Test
    void checkValidConfigWithTheOptionBeforeOrAfterTheCommand() throws Exception {
        Path config = writeValidConfig(dir, "");
        Cli cli = new Cli(dir);
        Cli.Result before = cli.run("--config", config.toString(), "config", "check");
        assertEquals(0, before.code(), before.toString());
        assertTrue(before.out().contains("valid"), before.out());
        Cli.Result after = cli.run("config", "check", "--config", config.toString());
        assertEquals(0, after.code(), after.toString());
        cli.env.put("QSFS_CONFIG", config.toString());
        assertEquals(0, cli.run("config", "check").code());
    }

    @Test
    void theDocumentedExampleChecks() {
        Cli.Result r = new Cli(dir).run("config", "check", "--config", "../docs/qsfs.example.toml");
        assertEquals(0, r.code(), r.toString());
    }

    @Test
    void invalidConfigIsExit2WithTheFieldNamed() throws Exception {
        Path config = writeValidConfig(dir, "data_shards = 5\nblock_szie = 3");
        for (String cmd : new String[] {"status", "store", "ls", "check", "scrub", "config"}) {
            Cli.Result r = cmd.equals("config") ? new Cli(dir).run("config", "check", "--config", config.toString())
                    : cmd.equals("store") ? new Cli(dir).run("--config", config.toString(), "store", "f", "/p")
                    : new Cli(dir).run("--config", config.toString(), cmd);
            assertEquals(ExitCode.CONFIG, r.code(), cmd + ": " + r);
            assertTrue(r.err().contains("block_szie: unknown key; did you mean 'block_size'?"), r.err());
        }
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "data_shards = = 3\n");
        Cli.Result syntax = new Cli(dir).run("status", "--config", bad.toString());
        assertEquals(ExitCode.CONFIG, syntax.code(), syntax.toString());
        assertTrue(syntax.err().contains("line 1"), syntax.err());
    }

    @Test
    void missingConfigIsExit2() {
        Cli.Result r = new Cli(dir).run("status", "--config", dir.resolve("nope.toml").toString());
        assertEquals(ExitCode.CONFIG, r.code(), r.toString());
        assertTrue(r.err().contains("no configuration file here"), r.err());
        Cli.Result dflt = new Cli(dir).run("status");
        assertEquals(ExitCode.CONFIG, dflt.code(), dflt.toString());
        assertTrue(dflt.err().contains(dir.resolve(".config/qsfs/qsfs.toml").toString()), dflt.err());
    }

    @Test
    void importZstor() throws Exception {
        Path zstor = dir.resolve("zstor.toml");
        StringBuilder sb = new StringBuilder("""
                minimal_shards = 2
                expected_shards = 3
                redundant_groups = 0
                redundant_nodes = 0
                socket = "/tmp/zstor.sock"
                [encryption]
                algorithm = "AES"
                key = "0f0e0d0c0b0a09080706050403020100000102030405060708090a0b0c0d0e0f"
                [compression]
                algorithm = "snappy"
                [meta]
                type = "zdb"
                [meta.config]
                prefix = "someprefix"
                [meta.config.encryption]
                algorithm = "AES"
                key = "0101010101010101010101010101010101010101010101010101010101010101"
                """);
        for (int i = 0; i < 4; i++) {
            sb.append("[[meta.config.backends]]\naddress = \"[::1]:").append(9900 + i)
              .append("\"\nnamespace = \"meta\"\npassword = \"pw\"\n");
        }
        sb.append("[[groups]]\n");
        for (int i = 0; i < 3; i++) {
            sb.append("[[groups.backends]]\naddress = \"[::1]:").append(9910 + i).append("\"\n");
        }
        Files.writeString(zstor, sb.toString());
        Path target = dir.resolve("out/qsfs.toml");
        Path pass = dir.resolve("pass");
        Files.writeString(pass, "a passphrase for zstor's key");
        Cli cli = new Cli(dir);
        Cli.Result r = cli.run("--config", target.toString(), "config", "import-zstor", zstor.toString(),
                "--use-zstor-key", "--passphrase-file", pass.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("shared") || r.err().contains("zstor's encryption key"), r.err());
        assertTrue(r.err().contains("note: socket is not used"), r.err());
        assertEquals(0, cli.run("--config", target.toString(), "config", "check").code());
        assertTrue(Files.exists(dir.resolve(".config/qsfs/qsfs.key")));
        Cli.Result again = cli.run("--config", target.toString(), "config", "import-zstor", zstor.toString());
        assertEquals(ExitCode.CONFIG, again.code(), again.toString());
        Cli.Result bad = cli.run("--config", dir.resolve("x.toml").toString(), "config", "import-zstor",
                dir.resolve("no-such-zstor.toml").toString());
        assertEquals(ExitCode.CONFIG, bad.code(), bad.toString());
    }

    @Test
    void usageErrorsAreExit1() {
        Cli cli = new Cli(dir);
        Cli.Result unknown = cli.run("frobnicate");
        assertEquals(ExitCode.USAGE, unknown.code(), unknown.toString());
        assertEquals(ExitCode.USAGE, cli.run("key").code());
        assertEquals(ExitCode.USAGE, cli.run().code());
        assertEquals(ExitCode.USAGE, cli.run("store", "onlyone").code());
        assertEquals(ExitCode.USAGE, cli.run("status", "--nope").code());
        Cli.Result help = cli.run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("zdb"), help.out());
        assertTrue(help.out().contains("Exit codes"), help.out());
    }
}
