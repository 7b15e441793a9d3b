package org.qsfs.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final Path HOME = Path.of("/home/test");
    final ConfigLoader loader = new ConfigLoader(HOME);

    /** A valid configuration: k=4, m=2, two groups of three, four metadata backends; {@code extra} goes at the top. */
    static String valid(String extra) {
        StringBuilder sb = new StringBuilder(extra).append("\n");
        sb.append("[metadata]\n");
        for (int i = 0; i < 4; i++) {
            sb.append("[[metadata.backends]]\naddress = \"127.0.0.1:").append(9000 + i).append("\"\nnamespace = \"meta\"\n");
        }
        for (int g = 0; g < 2; g++) {
            sb.append("[[groups]]\nname = \"site-").append(g).append("\"\n");
            for (int i = 0; i < 3; i++) {
                sb.append("[[groups.backends]]\naddress = \"10.0.").append(g).append(".").append(i)
                  .append(":9900\"\nnamespace = \"data\"\npassword = \"pw\"\n");
            }
        }
        return sb.toString();
    }

    QsfsConfig parse(String toml) throws ConfigException {
        return loader.parse(toml, Path.of("/etc/qsfs"), "test.toml");
    }

    /** The single problem of {@code toml} (asserts there is exactly one). */
    String problem(String toml) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(toml));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.toml: "), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void parsesTheDocumentedExample() throws Exception {
        QsfsConfig c = loader.load(Path.of("../docs/qsfs.example.toml"));
        assertEquals(4, c.dataShards());
        assertEquals(2, c.parityShards());
        assertEquals(1, c.redundantGroups());
        assertEquals(4L << 20, c.blockSize());
        assertEquals(HOME.resolve(".config/qsfs/qsfs.key"), c.keyFile());
        assertEquals(HOME.resolve(".cache/qsfs"), c.cache().dir());
        assertEquals(10L << 30, c.cache().sizeBytes());
        assertEquals(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)), c.timeouts());
        assertEquals(List.of("site-a", "site-b", "site-c"), c.groups().stream().map(BackendGroup::name).toList());
        assertEquals(9, c.dataBackends().size());
        BackendConfig v6 = c.groups().get(2).backends().get(0);
        assertEquals("2001:db8::10", v6.address().host());
        assertEquals(9900, v6.address().port());
        assertEquals("[2001:db8::10]:9900/qsfs-data", v6.id());
        assertEquals("change-me", v6.toBackendAddress().password());
        assertEquals(4, c.metadata().backends().size());
        assertEquals(2, c.metadata().dataShards());
        assertEquals("2a02:1802:5e::dead:beef", c.metadata().backends().get(0).address().host());
        assertTrue(!v6.toString().contains("change-me"), "toString hides the password");
        assertEquals(new VolumeConfig(false, true, 0, Duration.ofDays(365)), c.volume());
    }

    @Test
    void volumeSectionSetsFsyncAndRetention() throws Exception {
        assertEquals(VolumeConfig.DEFAULT, parse(valid("")).volume());
        QsfsConfig c = parse(valid("") + "[volume]\ndurable_fsync = true\nkeep_versions = true\n"
                + "max_versions_per_file = 5\nmax_version_age = \"30d\"\n");
        assertEquals(new VolumeConfig(true, true, 5, Duration.ofDays(30)), c.volume());
        assertEquals(new org.qsfs.engine.volume.Retention(true, 5, Duration.ofDays(30)), c.volume().retention());
        assertTrue(problem(valid("") + "[volume]\ndurable_fsync = \"yes\"\n").contains("expected true or false"));
        assertTrue(problem(valid("") + "[volume]\nmax_version_age = \"0s\"\n").contains("leave it out"));
        assertTrue(problem(valid("") + "[volume]\nmax_versions_per_file = -1\n").contains("out of range"));
        assertTrue(problem(valid("") + "[volume]\nkeep_version = false\n").contains("keep_versions"));
    }

    @Test
    void defaultsApplyAndRelativePathsResolveAgainstTheFile() throws Exception {
        QsfsConfig c = parse(valid("key_file = \"keys/v.key\""));
        assertEquals(QsfsConfig.DEFAULT_DATA_SHARDS, c.dataShards());
        assertEquals(QsfsConfig.DEFAULT_PARITY_SHARDS, c.parityShards());
        assertEquals(0, c.redundantGroups());
        assertEquals(QsfsConfig.DEFAULT_BLOCK_SIZE, c.blockSize());
        assertEquals(Path.of("/etc/qsfs/keys/v.key"), c.keyFile());
        assertEquals(Timeouts.DEFAULT, c.timeouts());
        assertEquals(CacheConfig.DEFAULT_SIZE, c.cache().sizeBytes());
    }

    @Test
    void namespaceDefaultsToDefault() throws Exception {
        String toml = valid("").replace("[[groups.backends]]\naddress = \"10.0.0.0:9900\"\nnamespace = \"data\"\n",
                "[[groups.backends]]\naddress = \"10.0.0.0:9900\"\n");
        assertEquals("default", parse(toml).groups().get(0).backends().get(0).namespace());
    }

    @Test
    void sizesAcceptUnitsAndBytes() throws Exception {
        assertEquals(1L << 20, parse(valid("block_size = \"1M\"")).blockSize());
        assertEquals(512L << 10, parse(valid("block_size = \"512 KiB\"")).blockSize());
        assertEquals(1_000_000, parse(valid("block_size = \"1MB\"")).blockSize());
        assertEquals(131072, parse(valid("block_size = 131072")).blockSize());
    }

    @Test
    void unknownKeyIsNamedWithASuggestion() {
        assertEquals("block_szie: unknown key; did you mean 'block_size'?", problem(valid("block_szie = \"4MiB\"")));
        String nested = problem(valid("").replaceFirst("namespace = \"data\"\npassword", "namespace = \"data\"\npasword"));
        assertEquals("groups[0].backends[0].pasword: unknown key; did you mean 'password'?", nested);
        assertTrue(problem(valid("[cache]\nsize = \"1GiB\"\ncolour = 1")).startsWith("cache.colour: unknown key"));
    }

    @Test
    void badAddressNamesTheField() {
        String toml = valid("").replace("address = \"10.0.1.0:9900\"", "address = \"foo\"");
        assertEquals("groups[1].backends[0].address: 'foo' is not host:port (add the port, e.g. 'foo:9900')",
                problem(toml));
        assertTrue(problem(valid("").replace("10.0.1.0:9900", "2a02::1:9900"))
                .contains("an IPv6 address goes in brackets, e.g. '[2a02::1]:9900'"));
        assertTrue(problem(valid("").replace("10.0.1.0:9900", "10.0.1.0:99999")).contains("port must be 1..65535"));
        assertTrue(problem(valid("").replace("10.0.1.0:9900", "10.0.1.0:http")).contains("'http' is not a port"));
        assertTrue(problem(valid("").replace("10.0.1.0:9900", "[::1:9900")).contains("IPv6 address goes in brackets"));
    }

    @Test
    void missingAddressAndBadNamespace() {
        String noAddress = valid("").replace("address = \"10.0.1.0:9900\"\n", "");
        assertTrue(problem(noAddress).startsWith("groups[1].backends[0].address: missing;"));
        String slash = valid("").replace("namespace = \"data\"", "namespace = \"a/b\"");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(slash));
        assertTrue(e.problems().get(0).startsWith("groups[0].backends[0].namespace: 'a/b' is not a usable namespace"));
    }

    @Test
    void tooFewBackendsForKPlusM() {
        assertEquals("groups: k + m = 5 + 2 = 7 shards but only 6 data backends are configured; each shard of a"
                + " block needs its own backend, so add 1 more or lower data_shards or parity_shards",
                problem(valid("data_shards = 5")));
    }

    @Test
    void placementRuleRejectsGroupsThatCannotKeepThePromise() {
        String p = problem(valid("redundant_groups = 1\nparity_shards = 1\ndata_shards = 5"));
        assertTrue(p.startsWith("redundant_groups: 6 shards over 2 groups cannot survive losing 1 group with k=5"), p);
    }

    @Test
    void redundantGroupsNotBelowGroupCount() {
        assertTrue(problem(valid("redundant_groups = 2")).startsWith("redundant_groups: 2 but only 2 groups are"
                + " configured"));
    }

    @Test
    void wrongTypesAndRanges() {
        assertEquals("data_shards: expected a whole number, got the string \"four\"", problem(valid("data_shards = \"four\"")));
        assertTrue(problem(valid("data_shards = 0")).startsWith("data_shards: 0 is out of range 1..256"));
        assertTrue(problem(valid("parity_shards = -1")).startsWith("parity_shards: -1 is out of range"));
        assertTrue(problem(valid("key_file = 3")).startsWith("key_file: expected a string"));
        assertTrue(problem(valid("key_file = \"\"")).startsWith("key_file: is empty"));
        assertTrue(problem(valid("groups = 3").replaceAll("\\[\\[groups[^\\n]*\\n(name|address|namespace|password)[^\\[]*", ""))
                .startsWith("groups: expected an array of tables"));
        assertTrue(problem(valid("[timeouts]\nconnect = 5")).startsWith("timeouts.connect: expected a duration"));
        assertTrue(problem(valid("[timeouts]\nconnect = \"5 parsecs\"")).startsWith("timeouts.connect: '5 parsecs' is"
                + " not a duration"));
        assertTrue(problem(valid("[timeouts]\nrequest = \"0s\"")).startsWith("timeouts.request: must be more than 0"));
        assertTrue(problem(valid("[timeouts]\nrequest = \"2h\"")).startsWith("timeouts.request: 2h is longer than 1h"));
        assertTrue(problem(valid("block_size = \"huge\"")).startsWith("block_size: 'huge' is not a size"));
        assertTrue(problem(valid("block_size = true")).startsWith("block_size: expected a size"));
        assertTrue(problem(valid("[cache]\nsize = \"1MiB\"")).startsWith("cache.size: 1MiB is too small"));
        assertTrue(problem(valid("cache = 1")).startsWith("cache: expected a table"));
    }

    @Test
    void blockSizeLimits() {
        assertTrue(problem(valid("block_size = \"1KiB\"")).startsWith("block_size: 1KiB is out of range 64KiB..16MiB"));
        assertTrue(problem(valid("block_size = \"16MiB\"\ndata_shards = 1\nparity_shards = 1"))
                .startsWith("block_size: 16MiB split into data_shards = 1 gives 16 MiB shards"));
    }

    @Test
    void groupProblems() {
        assertTrue(problem(valid("").replace("name = \"site-1\"", "name = \"site-0\""))
                .startsWith("groups[1].name: 'site-0' is also the name of groups[0]"));
        assertTrue(problem(valid("").replace("name = \"site-1\"\n", "")).startsWith("groups[1].name: missing;"));
        String dup = valid("").replace("10.0.0.1:9900", "10.0.0.0:9900");
        assertEquals("groups[0].backends[1]: 10.0.0.0:9900/data is already configured as groups[0].backends[0]; each"
                + " shard needs a distinct backend (use another namespace or server)", problem(dup));
        String empty = valid("") + "[[groups]]\nname = \"site-9\"\n";
        assertTrue(problem(empty).startsWith("groups[2].backends: group 'site-9' has no backends"));
        String none = "[metadata]\n" + "[[metadata.backends]]\naddress = \"h:1\"\n".repeat(1)
                + "[[metadata.backends]]\naddress = \"h:2\"\n[[metadata.backends]]\naddress = \"h:3\"\n"
                + "[[metadata.backends]]\naddress = \"h:4\"\n";
        assertTrue(problem(none).startsWith("groups: no data backends are configured"));
    }

    @Test
    void metadataProblems() {
        String noMeta = valid("").replaceAll("(?s)\\[metadata\\].*?(?=\\[\\[groups\\]\\])", "");
        assertTrue(problem(noMeta).startsWith("metadata: no metadata backends are configured"));
        String few = valid("").replace("[metadata]\n", "[metadata]\ndata_shards = 3\n");
        assertEquals("metadata.backends: metadata records have 3 + 2 = 5 shards but only 4 metadata backends are"
                + " configured; add backends or lower metadata.data_shards or metadata.parity_shards", problem(few));
        String dup = valid("").replace("127.0.0.1:9001", "127.0.0.1:9000");
        assertTrue(problem(dup).startsWith("metadata.backends[1]: 127.0.0.1:9000/meta is already configured as"
                + " metadata.backends[0]"));
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        String toml = valid("data_shards = \"x\"\nblock_szie = 1").replace("10.0.1.0:9900", "foo");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(toml));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.toml: 3 problems:\n  - "), e.getMessage());
    }

    @Test
    void syntaxErrorNamesTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("data_shards = 4\nparity_shards = = 2\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid TOML"), e.getMessage());
    }

    @Test
    void missingFileSaysWhatToDo(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(dir.resolve("nope.toml")));
        assertTrue(e.getMessage().contains("no configuration file here"), e.getMessage());
    }

    @Test
    void notUtf8(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bin.toml");
        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(f));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void roundTripThroughTheWriter(@TempDir Path dir) throws Exception {
        QsfsConfig example = loader.load(Path.of("../docs/qsfs.example.toml"));
        Path out = dir.resolve("sub/qsfs.toml");
        ConfigWriter.write(out, example, List.of("written by a test"), false);
        assertEquals(example, loader.load(out));
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> ConfigWriter.write(out, example, List.of(), false));
        QsfsConfig odd = new QsfsConfig(3, 1, 0, 65536 * 3, Path.of("/tmp/k \"q\"\\x.key"),
                List.of(new BackendGroup("s\u00e9 \"1\"", List.of(
                        new BackendConfig(HostPort.parse("[::1]:1"), "a", "p\"w\\\n"),
                        new BackendConfig(HostPort.parse("h:2"), null, null),
                        new BackendConfig(HostPort.parse("h:3"), "n", null),
                        new BackendConfig(HostPort.parse("h:4"), "n", "\t")))),
                new MetadataConfig(1, 0, List.of(new BackendConfig(HostPort.parse("m:1"), "meta", null))),
                new CacheConfig(Path.of("/c"), 100L << 20), new Timeouts(Duration.ofMillis(1500), Duration.ofMinutes(2)));
        assertEquals(odd, parse(ConfigWriter.toToml(odd, List.of())));
        QsfsConfig noVersions = odd.withVolume(new VolumeConfig(true, false, 0, null));
        assertEquals(noVersions, parse(ConfigWriter.toToml(noVersions, List.of())));
    }
}
