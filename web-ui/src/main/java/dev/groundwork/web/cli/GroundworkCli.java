package dev.groundwork.web.cli;

import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code ./gw}'s Java commands. Every failure exits non-zero with a one-line
 * reason on stderr: 2 for a usage error, 1 for anything else.
 */
public final class GroundworkCli {

    static final String USAGE = """
            usage: gw <command> [options]
              world generate --scenes N --seed S --out DIR [--size PX] [--cooccur GIVEN:PARTNER:P ...] [--name NAME]
              import PATH [--dataset NAME] [--errors]      folder, .zip or POPE .jsonl
              export --dataset NAME --out DIR [--format native|trl] [--allow-critic]
              up [--scenes N] [--no-stream]                  demo data once, then Keycloak, broker, web app, trainer service
            """;

    private GroundworkCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Args a = new Args(Arrays.asList(args));
        try {
            String command = a.positional(0, "command");
            switch (command) {
                case "world" -> {
                    a.requireSub(1, "generate");
                    WorldCommand.generate(a, out);
                }
                case "import", "export", "datasets", "demo", "up" -> DataCommands.run(command, a, out, err);
                case "help", "--help", "-h" -> out.print(USAGE);
                default -> throw new UsageException("unknown command '" + command + "'");
            }
            return 0;
        } catch (UsageException e) {
            err.println("gw: " + e.getMessage());
            err.println("run './gw help' for usage");
            return 2;
        } catch (ImportException e) {
            err.println("gw: import refused: " + e.getMessage()
                    + (e.errors().size() > 1 && !a.flag("--errors") ? " [add --errors to list them all]" : ""));
            if (a.flag("--errors")) {
                for (ImportError error : e.errors()) {
                    err.println("  " + error);
                }
            }
            return 1;
        } catch (DatasetNotFoundException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("gw: " + oneLine(e));
            return 1;
        } catch (RuntimeException e) {
            err.println("gw: unexpected failure: " + oneLine(e));
            return 1;
        }
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : root.toString();
        return message.lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    /** A mistake in the command line. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Minimal option parsing: positionals, {@code --name value} options, repeatable options, flags. */
    static final class Args {
        private final List<String> raw;

        Args(List<String> raw) {
            this.raw = List.copyOf(raw);
        }

        String positional(int index, String what) {
            List<String> ps = positionals();
            if (index >= ps.size()) {
                throw new UsageException("missing " + what);
            }
            return ps.get(index);
        }

        List<String> positionals() {
            java.util.ArrayList<String> ps = new java.util.ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                String s = raw.get(i);
                if (s.startsWith("--")) {
                    if (!isFlagName(s)) {
                        i++;
                    }
                } else {
                    ps.add(s);
                }
            }
            return ps;
        }

        void requireSub(int index, String expected) {
            String sub = positional(index, "subcommand (" + expected + ")");
            if (!sub.equals(expected)) {
                throw new UsageException("unknown subcommand '" + sub + "' (expected " + expected + ")");
            }
        }

        java.util.Optional<String> option(String name) {
            List<String> all = options(name);
            if (all.size() > 1) {
                throw new UsageException(name + " given more than once");
            }
            return all.stream().findFirst();
        }

        String required(String name) {
            return option(name).orElseThrow(() -> new UsageException("missing " + name));
        }

        List<String> options(String name) {
            java.util.ArrayList<String> values = new java.util.ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                if (raw.get(i).equals(name)) {
                    if (i + 1 >= raw.size() || raw.get(i + 1).startsWith("--")) {
                        throw new UsageException(name + " needs a value");
                    }
                    values.add(raw.get(++i));
                }
            }
            return values;
        }

        int intOption(String name, int fallback) {
            return option(name).map(v -> parseInt(name, v)).orElse(fallback);
        }

        long longOption(String name, long fallback) {
            return option(name).map(v -> {
                try {
                    return Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new UsageException(name + " must be an integer, was '" + v + "'");
                }
            }).orElse(fallback);
        }

        boolean flag(String name) {
            return raw.contains(name);
        }

        void allowOnly(String... names) {
            List<String> allowed = List.of(names);
            for (String s : raw) {
                if (s.startsWith("--") && !allowed.contains(s)) {
                    throw new UsageException("unknown option " + s);
                }
            }
        }

        private static boolean isFlagName(String s) {
            return s.equals("--errors") || s.equals("--allow-critic") || s.equals("--no-stream");
        }

        private static int parseInt(String name, String v) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " must be an integer, was '" + v + "'");
            }
        }
    }
}
