//DEPS info.picocli:picocli:4.7.7
package cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/** How every script starts: picocli with the project's exit codes and short usage errors. */
public final class Cli {
    /** Exit status of a run that failed (a scrape down, a file not written) or an error no check foresaw. */
    public static final int FAILED = 1;
    /** Exit status of a usage error. */
    public static final int USAGE = 2;

    private Cli() {}

    /**
     * Runs a picocli command and returns its exit status: the command's own, 2 for a usage error, or 1 for an
     * exception that escaped the command. A usage error is one line plus a pointer to {@code --help} (and the nearest
     * option names for a mistyped one) rather than the whole help text. An escaped exception, on any thread, is one
     * line naming its type and where it was thrown, never its message or stack trace: either could quote a secret
     * (the JDK's messages quote header values and URLs).
     */
    public static int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        // No @FILE arguments: a secret file named by mistake would become arguments, and could be echoed as one.
        cli.setExpandAtFiles(false);
        String name = cli.getCommandName();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                System.err.println(name + ": internal error in thread '" + thread.getName() + "': " + summary(error)));
        cli.setParameterExceptionHandler((error, ignored) -> usageError(error));
        cli.setExecutionExceptionHandler((error, line, parsed) -> {
            line.getErr().println(name + ": internal error: " + summary(error) + "; please report it");
            return FAILED;
        });
        return cli.execute(args);
    }

    /** A usage error in one line, plus suggestions for a mistyped option. */
    private static int usageError(ParameterException error) {
        CommandLine line = error.getCommandLine();
        PrintWriter err = line.getErr();
        String name = line.getCommandName();
        if (error instanceof UnmatchedArgumentException unmatched) {
            err.println(name + ": " + unmatched(unmatched.getUnmatched()));
            List<String> suggestions = suggestions(unmatched.getUnmatched(), line.getCommandSpec().optionsMap().keySet(),
                    unmatched.getSuggestions());
            if (!suggestions.isEmpty()) err.println("Did you mean " + String.join(" or ", suggestions) + "?");
        } else {
            err.println(name + ": " + error.getMessage());
        }
        err.println("Try '" + name + " --help' for more information.");
        return USAGE;
    }

    /**
     * The options nearest to the first unknown option: those within two edits (a letter added, dropped, changed, or
     * two neighbours swapped, as in {@code --ulr}), the nearest first, then picocli's own suggestions (similar
     * letter pairs), which catch longer slips. At most three.
     *
     * @param unmatched the unknown arguments, as picocli found them
     * @param options   every option name of the command
     * @param picocli   picocli's suggestions
     */
    static List<String> suggestions(List<String> unmatched, java.util.Collection<String> options, List<String> picocli) {
        String typed = unmatched.stream().filter(a -> a.startsWith("-") && a.length() > 1).findFirst().orElse(null);
        if (typed == null) return List.of();
        if (typed.contains("=")) typed = typed.substring(0, typed.indexOf('='));
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (int distance = 1; distance <= 2; distance++) {
            for (String option : options) {
                if (editDistance(typed, option) == distance) out.add(option);
            }
        }
        for (String s : picocli) {
            if (options.contains(s)) out.add(s);
        }
        return out.stream().limit(3).toList();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours each cost 1. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * The unknown arguments in words. Options are named (without any {@code =value}); other words are only counted,
     * since the word after a mistyped option is its value, and that may be a secret (a header, a URL with a password).
     */
    static String unmatched(List<String> arguments) {
        List<String> options = new ArrayList<>();
        int values = 0;
        for (String argument : arguments) {
            if (argument.startsWith("-") && argument.length() > 1) {
                int eq = argument.indexOf('=');
                options.add("'" + (eq < 0 ? argument : argument.substring(0, eq)) + "'");
            } else {
                values++;
            }
        }
        String text = options.isEmpty() ? "" : "unknown option" + (options.size() > 1 ? "s " : " ") + String.join(", ", options);
        if (values > 0) {
            text += (text.isEmpty() ? "" : " and ") + values + " unexpected argument" + (values > 1 ? "s" : "") + " (not shown)";
        }
        return text;
    }

    /**
     * An exception as its type and the first place in the project's code it passed, e.g.
     * {@code java.lang.ArithmeticException at scrape.Watcher.run(Watcher.java:80)}.
     */
    static String summary(Throwable error) {
        StackTraceElement where = null;
        for (StackTraceElement frame : error.getStackTrace()) {
            String type = frame.getClassName();
            if (where == null) where = frame;
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.") && !type.startsWith("picocli.")) {
                where = frame;
                break;
            }
        }
        return error.getClass().getName() + (where == null ? "" : " at " + where);
    }
}
