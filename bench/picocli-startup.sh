#!/usr/bin/env bash
# picocli's start-up in isolation (issue 12): the same JVM options as scrape.java, three tiny programs compiled here:
#   bare      prints a line (no picocli);
#   annotated an @Command with five @Options and the standard help options, run through CommandLine.execute
#             (how the project's scripts use picocli);
#   spec      the same five options built as a CommandSpec in code, no annotations or reflection on the command;
# each with and without a dynamic AppCDS archive of its own, and how many picocli classes the archive serves.
# Prints medians of RUNS runs (default 11) of wall time and user+sys CPU. Usage: bench/picocli-startup.sh [RUNS]
# Needs: a JDK 17+ (javac, jar), GNU time; picocli 4.7.7 in ~/.m2 (any ./jbang scrape.java run puts it there).
set -euo pipefail
runs=${1:-11}
picocli=$HOME/.m2/repository/info/picocli/picocli/4.7.7/picocli-4.7.7.jar
[ -f "$picocli" ] || { echo "picocli-startup: $picocli missing (run ./jbang scrape.java --help once)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "picocli-startup: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/picocli-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

cat > Bare.java <<'EOF'
public class Bare {
    public static void main(String[] args) { System.out.println("url " + args[1]); }
}
EOF
cat > Annotated.java <<'EOF'
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "annotated", mixinStandardHelpOptions = true, version = "1")
public class Annotated implements Callable<Integer> {
    @Option(names = "--url") String url;
    @Option(names = "--data-dir", defaultValue = "data/metrics") String dataDir;
    @Option(names = "--stdout") boolean stdout;
    @Option(names = "--timeout", defaultValue = "10") int timeout;
    @Option(names = "--header") List<String> headers;

    public Integer call() { System.out.println("url " + url); return 0; }

    public static void main(String[] args) { System.exit(new CommandLine(new Annotated()).execute(args)); }
}
EOF
cat > Spec.java <<'EOF'
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

public class Spec {
    public static void main(String[] args) {
        CommandSpec spec = CommandSpec.create().name("spec").mixinStandardHelpOptions(true);
        spec.addOption(OptionSpec.builder("--url").type(String.class).build());
        spec.addOption(OptionSpec.builder("--data-dir").type(String.class).defaultValue("data/metrics").build());
        spec.addOption(OptionSpec.builder("--stdout").type(boolean.class).build());
        spec.addOption(OptionSpec.builder("--timeout").type(int.class).defaultValue("10").build());
        spec.addOption(OptionSpec.builder("--header").type(List.class).auxiliaryTypes(String.class).build());
        CommandLine.ParseResult parsed = new CommandLine(spec).parseArgs(args);
        System.out.println("url " + parsed.matchedOptionValue("--url", ""));
    }
}
EOF
javac -cp "$picocli" -d classes Bare.java Annotated.java Spec.java
java_opts=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)
quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
for c in Bare Annotated Spec; do
  jar cf "$c.jar" -C classes "$c.class"   # CDS archives classes from jars only, not from folders
  java "${java_opts[@]}" "${quiet[@]}" -XX:ArchiveClassesAtExit="$c.jsa" -cp "$c.jar:$picocli" "$c" --url u >/dev/null
done

# Median wall and CPU seconds of RUNS runs of "$@".
measure() {
  local i
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %U %S' -o time.out "$@" >/dev/null
    awk '{print $1, $2 + $3}' time.out
  done | sort -g -k2 | awk '{w[NR] = $1; c[NR] = $2} END {m = int((NR + 1) / 2); printf "cpu %.3f s, wall %.3f s", c[m], w[m]}'
}
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), picocli 4.7.7; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "-- median of $runs runs, java ${java_opts[*]}"
for c in Bare Annotated Spec; do
  printf '  %-10s no archive:   %s\n' "$c" "$(measure java "${java_opts[@]}" -cp "$c.jar:$picocli" "$c" --url u)"
  printf '  %-10s with AppCDS:  %s\n' "$c" "$(measure java "${java_opts[@]}" "${quiet[@]}" -XX:SharedArchiveFile="$c.jsa" -cp "$c.jar:$picocli" "$c" --url u)"
done
loaded=$(java "${java_opts[@]}" -Xlog:class+load -XX:SharedArchiveFile=Annotated.jsa -cp "Annotated.jar:$picocli" Annotated --url u | grep -c ' picocli\.' || true)
shared=$(java "${java_opts[@]}" -Xlog:class+load -XX:SharedArchiveFile=Annotated.jsa -cp "Annotated.jar:$picocli" Annotated --url u | grep ' picocli\.' | grep -c 'shared objects file' || true)
echo "-- picocli classes loaded by Annotated: $loaded, of them from the AppCDS archive: $shared"
echo "   (picocli 4.7.7 is class file version 49; JDK 17's archive dumper skips those: \"Pre JDK 6 class not supported by CDS\")"
