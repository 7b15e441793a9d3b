package org.qsfs.engine.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Writes a configuration as a commented TOML file that {@link ConfigLoader} reads back to an
 * equal {@link QsfsConfig}. Paths are written absolute.
 */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    /** The configuration as TOML text; {@code header} lines (may be empty) become comments at the top. */
    public static String toToml(QsfsConfig c, List<String> header) {
        StringBuilder sb = new StringBuilder();
        for (String h : header) {
            sb.append(h.isEmpty() ? "#" : "# " + h).append('\n');
        }
        if (!header.isEmpty()) {
            sb.append('\n');
        }
        sb.append("# Every block is split into data_shards (k) + parity_shards (m) shards on distinct backends;\n")
          .append("# any m of them may be lost. Format: docs/CONFIGURATION.md\n");
        sb.append("data_shards = ").append(c.dataShards()).append('\n');
        sb.append("parity_shards = ").append(c.parityShards()).append('\n');
        sb.append("# whole groups (sites) that may be lost at once\n");
        sb.append("redundant_groups = ").append(c.redundantGroups()).append('\n');
        sb.append("block_size = ").append(quote(Sizes.format(c.blockSize()))).append('\n');
        sb.append("# the master key, wrapped with your passphrase (qsfs key new)\n");
        sb.append("key_file = ").append(quote(c.keyFile().toString())).append('\n');
        sb.append("\n[cache]\n");
        sb.append("dir = ").append(quote(c.cache().dir().toString())).append('\n');
        sb.append("size = ").append(quote(Sizes.format(c.cache().sizeBytes()))).append('\n');
        sb.append("\n[timeouts]\n");
        sb.append("connect = ").append(quote(Durations.format(c.timeouts().connect()))).append('\n');
        sb.append("request = ").append(quote(Durations.format(c.timeouts().request()))).append('\n');
        if (!c.volume().equals(VolumeConfig.DEFAULT)) {
            VolumeConfig v = c.volume();
            sb.append("\n# the drive: what fsync waits for, which old versions are kept\n[volume]\n");
            sb.append("durable_fsync = ").append(v.durableFsync()).append('\n');
            sb.append("keep_versions = ").append(v.keepVersions()).append('\n');
            sb.append("max_versions_per_file = ").append(v.maxVersionsPerFile()).append('\n');
            if (v.maxVersionAge() != null) {
                sb.append("max_version_age = ").append(quote(Durations.format(v.maxVersionAge()))).append('\n');
            }
        }
        sb.append("\n# metadata: the encrypted list of files and their blocks (user-mode namespaces)\n");
        sb.append("[metadata]\n");
        sb.append("data_shards = ").append(c.metadata().dataShards()).append('\n');
        sb.append("parity_shards = ").append(c.metadata().parityShards()).append('\n');
        for (BackendConfig b : c.metadata().backends()) {
            sb.append("\n[[metadata.backends]]\n");
            backend(sb, b);
        }
        for (BackendGroup g : c.groups()) {
            sb.append("\n[[groups]]\n");
            sb.append("name = ").append(quote(g.name())).append('\n');
            for (BackendConfig b : g.backends()) {
                sb.append("\n[[groups.backends]]\n");
                backend(sb, b);
            }
        }
        return sb.toString();
    }

    /**
     * Writes {@code c} to {@code file} (owner-only permissions: it holds backend passwords),
     * atomically; refuses to replace an existing file unless {@code replace}.
     */
    public static void write(Path file, QsfsConfig c, List<String> header, boolean replace) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (!replace && Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null,
                    "a configuration file already exists there; move it away or choose another path");
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's ACLs apply
            }
            Files.writeString(tmp, toToml(c, header), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void backend(StringBuilder sb, BackendConfig b) {
        sb.append("address = ").append(quote(b.address().toString())).append('\n');
        sb.append("namespace = ").append(quote(b.namespace())).append('\n');
        if (b.password() != null) {
            sb.append("password = ").append(quote(b.password())).append('\n');
        }
    }

    /** A TOML basic string. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        sb.append(String.format("\\u%04X", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
