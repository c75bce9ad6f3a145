package cli;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command line's one home, read from the sources: only {@code lib/cli/} imports picocli, and no script declares
 * again an option that a mixin of {@code lib/cli/} declares.
 */
class OptionHomeTest {
    private static final Path ROOT = support.Project.testdata().getParent().getParent();
    private static final Pattern OPTION_NAMES = Pattern.compile("@Option\\(names\\s*=\\s*(\\{[^}]*}|\"[^\"]*\")");
    private static final Pattern NAME = Pattern.compile("\"(-[^\"]+)\"");

    @Test
    void onlyTheCliFloorOfTheLibraryImportsPicocli() throws IOException {
        List<String> users = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("lib"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.startsWith(ROOT.resolve("lib").resolve("cli"))) continue;
                if (Files.readString(file).contains("import picocli.")) users.add(ROOT.relativize(file).toString());
            }
        }
        assertThat(users).isEmpty();
    }

    @Test
    void noScriptDeclaresAnOptionOfAMixinAgain() throws IOException {
        Set<String> mixinOptions = new TreeSet<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("lib").resolve("cli"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) mixinOptions.addAll(options(file));
        }
        assertThat(mixinOptions).contains("--data-dir", "--url", "--since", "--max-points", "--retain", "--remote-write", "--job", "--interval", "--seed");
        List<String> again = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.list(ROOT), Files.list(ROOT.resolve("sim")))) {
            for (Path script : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String option : options(script)) {
                    // export's --out names the export file (default: standard output), another option than the page's.
                    if (script.getFileName().toString().equals("export.java") && option.equals("--out")) continue;
                    // query's --format is the answer's shape (table, json, csv), as in promtool query; a target's
                    // --format is the exposition format it is read in.
                    if (script.getFileName().toString().equals("query.java") && option.equals("--format")) continue;
                    if (mixinOptions.contains(option)) again.add(script.getFileName() + ": " + option);
                }
            }
        }
        assertThat(again).isEmpty();
    }

    /** The option names a source file declares with {@code @Option}. */
    private static Set<String> options(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher option = OPTION_NAMES.matcher(Files.readString(file));
        while (option.find()) {
            Matcher name = NAME.matcher(option.group(1));
            while (name.find()) names.add(name.group(1));
        }
        return names;
    }
}
