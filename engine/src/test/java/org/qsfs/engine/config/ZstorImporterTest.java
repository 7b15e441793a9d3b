package org.qsfs.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qsfs.engine.crypto.MasterKey;

class ZstorImporterTest {
    final ZstorImporter importer = new ZstorImporter(new ConfigLoader(Path.of("/home/test")));

    static String sample() throws Exception {
        try (InputStream in = ZstorImporterTest.class.getResourceAsStream("zstor-sample.toml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    String problem(String toml) {
        ConfigException e = assertThrows(ConfigException.class, () -> importer.parse(toml, "zstor.toml"));
        return e.getMessage();
    }

    @Test
    void importsARealisticZstorConfig() throws Exception {
        try (ZstorImport imp = importer.parse(sample(), "zstor.toml")) {
            QsfsConfig c = imp.config();
            assertEquals(2, c.dataShards());
            assertEquals(2, c.parityShards());
            assertEquals(0, c.redundantGroups());
            assertEquals(List.of("group-1", "group-2"), c.groups().stream().map(BackendGroup::name).toList());
            assertEquals(6, c.dataBackends().size());
            BackendConfig first = c.groups().get(0).backends().get(0);
            assertEquals("2a02:1802:5e:0:8c9e:7dff:fe1d:a8d1", first.address().host());
            assertEquals("6-1186-zdb1", first.namespace());
            assertEquals("datapassword", first.password());
            BackendConfig bare = c.groups().get(1).backends().get(1);
            assertEquals("default", bare.namespace());
            assertEquals(null, bare.password());
            assertEquals(4, c.metadata().backends().size());
            assertEquals(2, c.metadata().dataShards());
            assertEquals(2, c.metadata().parityShards());
            assertEquals("6-1185-zdb3", c.metadata().backends().get(2).namespace());
            assertEquals(2560L << 20, c.cache().sizeBytes());
            assertEquals(Path.of("/home/test/.config/qsfs/qsfs.key"), c.keyFile());
            MasterKey expected = MasterKey.fromBytes(HexFormat.of()
                    .parseHex("a0ba2fd3c7d4e2b6c4f6ab48e3a1b1e6d2f1c0b9a8e7d6c5b4a39281706f5e4d"));
            assertNotNull(imp.masterKey());
            assertTrue(imp.masterKey().sameKeyAs(expected));
            String notes = String.join("\n", imp.notes());
            for (String word : List.of("socket", "prometheus_port", "zdbfs_mountpoint", "root", "zdb_data_dir_path",
                    "snappy", "meta.config.prefix", "meta.config.encryption.key", "shared with zstor",
                    "max_zdb_data_dir_size")) {
                assertTrue(notes.contains(word), word + " missing from notes:\n" + notes);
            }
            // and the result is an ordinary QSFS configuration
            String toml = ConfigWriter.toToml(c, List.of("imported"));
            assertEquals(c, new ConfigLoader(Path.of("/home/test")).parse(toml, null, "written"));
        }
    }

    @Test
    void importsTheUpstreamReadmeExample() throws Exception {
        String readme = """
                minimal_shards = 10
                expected_shards = 15
                redundant_groups = 1
                redundant_nodes = 1
                root = "/virtualroot"
                socket = "/tmp/zstor.sock"
                prometheus_port = 9100
                zdb_data_dir_path = "/tmp/0-db/data"
                max_zdb_data_dir_size = 25600

                [encryption]
                algorithm = "AES"
                key = "0000000000000000000000000000000000000000000000000000000000000000"

                [compression]
                algorithm = "snappy"

                [meta]
                type = "zdb"

                [meta.config]
                prefix = "someprefix"

                [meta.config.encryption]
                algorithm = "AES"
                key = "0101010101010101010101010101010101010101010101010101010101010101"
                """ + metaBackends(4) + groups(3, 8);
        try (ZstorImport imp = importer.parse(readme, "zstor.toml")) {
            assertEquals(10, imp.config().dataShards());
            assertEquals(5, imp.config().parityShards());
            assertEquals(1, imp.config().redundantGroups());
            assertEquals(24, imp.config().dataBackends().size());
            assertTrue(String.join("\n", imp.notes()).contains("redundant_nodes = 1 has no QSFS equivalent"));
        }
    }

    static String metaBackends(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("[[meta.config.backends]]\naddress = \"[2a02:1802:5e::dead:beef]:").append(9900 + i)
              .append("\"\nnamespace = \"test2\"\npassword = \"supersecretpass\"\n");
        }
        return sb.toString();
    }

    static String groups(int groups, int each) {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < groups; g++) {
            sb.append("[[groups]]\n");
            for (int i = 0; i < each; i++) {
                sb.append("[[groups.backends]]\naddress = \"[fe80::").append(g + 1).append("]:").append(9900 + i)
                  .append("\"\n");
            }
        }
        return sb.toString();
    }

    static String minimal(String top) {
        return "minimal_shards = 2\nexpected_shards = 4\n" + top
                + "\n[encryption]\nalgorithm = \"AES\"\nkey = \"" + "ab".repeat(32) + "\"\n"
                + "[meta]\ntype = \"zdb\"\n[meta.config]\nprefix = \"p\"\n" + metaBackends(4) + groups(1, 4);
    }

    @Test
    void minimalImportWorks() throws Exception {
        try (ZstorImport imp = importer.parse(minimal(""), "zstor.toml")) {
            assertEquals(4, imp.config().shards());
        }
    }

    @Test
    void errors() throws Exception {
        assertTrue(problem(minimal("colour = 3")).contains("colour: unknown key"));
        assertTrue(problem(minimal("").replace("minimal_shards = 2\n", "")).contains("minimal_shards: missing"));
        assertTrue(problem(minimal("").replace("expected_shards = 4", "expected_shards = 1"))
                .contains("expected_shards: 1 is smaller than minimal_shards = 2"));
        assertTrue(problem(minimal("").replace("ab".repeat(32), "abc")).contains("encryption.key: must be 64 hex digits"));
        assertTrue(problem(minimal("").replace("ab".repeat(32), "zz".repeat(32))).contains("non-hex"));
        assertTrue(problem(minimal("").replace("algorithm = \"AES\"", "algorithm = \"DES\""))
                .contains("encryption.algorithm: 'DES' is not supported"));
        assertTrue(problem(minimal("").replace("type = \"zdb\"", "type = \"etcd\"")).contains("meta.type: 'etcd'"));
        assertTrue(problem(minimal("").replace(":9901\"", "\"")).contains("meta.config.backends[1].address: "
                + "'[2a02:1802:5e::dead:beef]' is not host:port"));
        assertTrue(problem(minimal("").replace("expected_shards = 4", "expected_shards = 6"))
                .contains("k + m = 2 + 4 = 6 shards but only 4 data backends are configured; each shard of a block"
                        + " needs its own backend, so add 2 more or lower minimal_shards or expected_shards"));
        assertTrue(problem(minimal("").replaceAll("(?s)\\[encryption\\].*?(?=\\[meta\\])", ""))
                .contains("encryption: missing"));
        assertTrue(problem(sample().replace("[[groups.backends]]\naddress = \"185.69.166.8:9900\"\n",
                "[[groups.backends]]\naddress = \"185.69.166.8:9900\"\nnamspace = \"x\"\n"))
                .contains("groups[1].backends[1].namspace: unknown key; did you mean 'namespace'?"));
    }
}
