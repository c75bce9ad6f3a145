package support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import query.DurationLiteral;
import query.QueryException;

/**
 * Runs one of Prometheus 2.42's PromQL test files (promql/testdata/*.test, format of promql/test.go) against this
 * project's engine: {@code load <step>} series, {@code clear}, and {@code eval}, {@code eval_fail},
 * {@code eval_ordered instant at <time> <expr>} with the expected samples or scalar. Each eval is checked as 2.42's
 * test runner checks it: the instant query; the same expression as a range query from a minute before to a minute
 * after, at its middle step (not for eval_ordered); and, unless the expression uses a function whose answer depends on
 * the evaluation time, every selector pinned with {@code @} to the eval time and evaluated at other times.
 */
public final class PromqlScript {
    private static final Pattern EVAL = Pattern.compile("^eval(?:_(fail|ordered))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
    private static final Pattern LOAD = Pattern.compile("^load\\s+(.+?)$");

    /** The outcome of one eval: where it is, whether it passed, and if not why. */
    public record Outcome(String file, int line, String expr, boolean passed, String reason) {
        /** How the eval is named in the known-failures list: {@code file:line}. */
        public String id() {
            return file + ":" + line;
        }
    }

    private final String file;
    private final List<String> lines;
    private final InMemorySeries storage = new InMemorySeries();
    private final List<Outcome> outcomes = new ArrayList<>();

    private PromqlScript(String file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Runs every command of a test file; one outcome per eval, in file order. */
    public static List<Outcome> run(Path path) throws IOException {
        List<String> raw = Files.readAllLines(path);
        List<String> lines = new ArrayList<>();
        for (String l : raw) {
            String t = l.trim();
            lines.add(t.startsWith("#") ? "" : t);
        }
        PromqlScript s = new PromqlScript(path.getFileName().toString(), lines);
        s.runAll();
        return s.outcomes;
    }

    private void runAll() {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isEmpty()) {
                continue;
            }
            String command = l.split("[\t ]+", 2)[0].toLowerCase();
            if (command.equals("clear")) {
                storage.clear();
            } else if (command.equals("load")) {
                i = load(i);
            } else if (command.startsWith("eval")) {
                i = eval(i);
            } else {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": invalid command " + l);
            }
        }
    }

    private int load(int i) {
        Matcher m = LOAD.matcher(lines.get(i));
        if (!m.matches()) {
            throw new IllegalArgumentException(file + ":" + (i + 1) + ": invalid load command");
        }
        long step = DurationLiteral.parseMs(m.group(1));
        while (i + 1 < lines.size() && !lines.get(i + 1).isEmpty()) {
            i++;
            PromqlSeriesDesc d = PromqlSeriesDesc.parse(lines.get(i));
            storage.add(d.labels(), d.values(), step);
        }
        return i;
    }

    private int eval(int i) {
        int line = i + 1;
        Matcher m = EVAL.matcher(lines.get(i));
        if (!m.matches()) {
            outcomes.add(new Outcome(file, line, lines.get(i), false, "not run: invalid eval command"));
            return i;
        }
        PromqlExpectation exp = new PromqlExpectation("fail".equals(m.group(1)), "ordered".equals(m.group(1)));
        long at = m.group(2) == null ? 0 : DurationLiteral.parseMs(m.group(2));
        String expr = m.group(3);
        while (i + 1 < lines.size() && !lines.get(i + 1).isEmpty()) {
            i++;
            exp.addLine(lines.get(i));
        }
        String reason;
        try {
            reason = PromqlEvalCheck.check(storage, expr, at, exp);
        } catch (QueryException e) {
            reason = "unexpected " + e.kind() + " error: " + e.getMessage();
        } catch (RuntimeException e) {
            reason = "engine crashed: " + e;
        }
        outcomes.add(new Outcome(file, line, expr, reason == null, reason));
        return i;
    }

    /** Prints, for each test file given (or every file of the folder given), how many evals pass, then the others. */
    public static void main(String[] args) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".test")).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        Map<String, int[]> counts = new TreeMap<>();
        List<Outcome> failing = new ArrayList<>();
        for (Path f : files) {
            for (Outcome o : run(f)) {
                int[] c = counts.computeIfAbsent(o.file(), k -> new int[2]);
                c[0] += o.passed() ? 1 : 0;
                c[1]++;
                if (!o.passed()) {
                    failing.add(o);
                }
            }
        }
        int pass = 0;
        int total = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            System.out.printf("%-22s %4d of %4d evals pass%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
            pass += e.getValue()[0];
            total += e.getValue()[1];
        }
        System.out.printf("%-22s %4d of %4d evals pass%n", "all", pass, total);
        for (Outcome o : failing) {
            System.out.println(o.id() + "\t" + o.expr() + "\t" + o.reason());
        }
    }
}
