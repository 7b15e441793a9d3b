package org.qsfs.app.ui.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.HostPort;

/**
 * Reads a list of backends from a file or a URL. One backend per line:
 * {@code SITE HOST:PORT [NAMESPACE [PASSWORD]]}; a site of {@code metadata} makes it a metadata
 * backend; blank lines and lines starting with '#' are ignored. Every bad line is reported
 * (with its number) and nothing is imported when any is bad.
 */
public final class BackendListImport {
    private BackendListImport() {
    }

    public static List<BackendEntry> fromFile(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    public static List<BackendEntry> fromUrl(String url) throws IOException {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();
        Request r;
        try {
            r = new Request.Builder().url(url).get().build();
        } catch (IllegalArgumentException e) {
            throw new IOException("'" + url + "' is not an http(s) URL", e);
        }
        try (Response response = http.newCall(r).execute()) {
            if (!response.isSuccessful() || response.body() == null) {
                throw new IOException(url + " answered HTTP " + response.code());
            }
            return parse(response.body().string(), url);
        }
    }

    public static List<BackendEntry> parse(String text, String source) throws IOException {
        List<BackendEntry> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length < 2 || f.length > 4) {
                problems.add("line " + (i + 1) + ": expected SITE HOST:PORT [NAMESPACE [PASSWORD]]");
                continue;
            }
            try {
                HostPort hp = HostPort.parse(f[1]);
                boolean meta = f[0].equals("metadata");
                out.add(new BackendEntry(meta ? "meta" : "data", meta ? "metadata" : f[0], hp,
                        f.length > 2 ? f[2] : BackendConfig.DEFAULT_NAMESPACE, f.length > 3 ? f[3] : null));
            } catch (IllegalArgumentException e) {
                problems.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(source + ": nothing imported, " + problems.size() + " bad line"
                    + (problems.size() == 1 ? "" : "s") + ": " + String.join("; ", problems));
        }
        if (out.isEmpty()) {
            throw new IOException(source + " lists no backends (one per line: SITE HOST:PORT [NAMESPACE [PASSWORD]])");
        }
        return out;
    }
}
