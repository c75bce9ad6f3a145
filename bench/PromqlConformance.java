///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION How many evals of Prometheus 2.42's PromQL test files pass, per file, and every eval that does not with its reason.
//SOURCES ../lib/query/*.java
//SOURCES ../tests/support/PromqlScript.java
//SOURCES ../tests/support/PromqlSeriesDesc.java
//SOURCES ../tests/support/PromqlExpectation.java
//SOURCES ../tests/support/PromqlEvalCheck.java
//SOURCES ../tests/support/AtPinning.java
//SOURCES ../tests/support/InMemorySeries.java

/**
 * Prints, per test file, how many evals pass, then each eval not passing as {@code file:line, expression, reason}.
 * Usage: {@code ./jbang bench/PromqlConformance.java [DIR or FILES]} (default: tests/testdata/promql).
 */
public class PromqlConformance {
    public static void main(String[] args) throws Exception {
        support.PromqlScript.main(args.length > 0 ? args : new String[] {"tests/testdata/promql"});
    }
}
