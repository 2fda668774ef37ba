package dev.groundwork.deploy.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String constants read from another module's source. deploy is below every other module in the Maven graph (they
 * use its launchers), so its tests cannot put their classes on the class path; they read the declarations instead,
 * so that a renamed topic or group fails here rather than in production.
 */
final class JavaConstants {

    static final Path ROOT = findRoot();

    private JavaConstants() {}

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("gw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("the repository root (with ./gw) is not above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static String source(String path) {
        try {
            return Files.readString(ROOT.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The value of {@code static final String <name> = "...";} in the source file. */
    static String string(String path, String name) {
        Matcher m = Pattern.compile("static final String " + Pattern.quote(name) + "\\s*=\\s*\"([^\"]*)\"\\s*;")
                .matcher(source(path));
        if (!m.find()) {
            throw new IllegalStateException(path + " declares no String constant " + name);
        }
        return m.group(1);
    }

    /** The constants that {@code static final List<String> <name> = List.of(A, B, ...);} lists, by value. */
    static List<String> stringList(String path, String name) {
        Matcher m = Pattern.compile("static final List<String> " + Pattern.quote(name) + "\\s*=\\s*List\\.of\\(([^)]*)\\)")
                .matcher(source(path));
        if (!m.find()) {
            throw new IllegalStateException(path + " declares no List<String> constant " + name);
        }
        List<String> values = new ArrayList<>();
        for (String constant : m.group(1).split(",")) {
            values.add(string(path, constant.strip()));
        }
        return values;
    }
}
