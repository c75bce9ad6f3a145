///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../lib/text/*.java
//SOURCES ../lib/record/*.java
//SOURCES ../lib/parse/*.java
//SOURCES ../tests/support/NodeExporterDay.java

import java.nio.file.Path;

/**
 * Writes a day (or any number) of generated node_exporter records for bench/page-node-exporter.sh:
 * {@code GenerateNodeExporterDay.java OUT_DIR [RECORDS]} (default 2,880: a day at 30 s). See support.NodeExporterDay.
 */
public class GenerateNodeExporterDay {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GenerateNodeExporterDay.java OUT_DIR [RECORDS]");
            System.exit(2);
        }
        support.NodeExporterDay.write(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 2880);
    }
}
