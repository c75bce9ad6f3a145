///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//DESCRIPTION Serve a simulated coppice gateway /metrics on 127.0.0.1 with a busy workload until Ctrl-C
//SOURCES ../lib/secrets/*.java
//SOURCES ../lib/units/*.java
//SOURCES ../lib/version/*.java
//SOURCES ../lib/sim/*.java
//SOURCES ../lib/cli/Cli.java
//SOURCES ../lib/cli/Converters.java
//SOURCES ../lib/cli/VersionProvider.java
//SOURCES ../lib/cli/SeedOption.java
//SOURCES ../lib/cli/OwnDefaults.java
import cli.Cli;
import cli.Converters;
import cli.OwnDefaults;
import cli.SeedOption;
import cli.VersionProvider;
import units.Durations;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;
import sim.SimulatedGateway;

@Command(name = "gateway", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serves the coppice gateway's metrics (the page spec's 13 plus coppice_sandbox_cpu_percent per"
                + " sandbox) on http://127.0.0.1:PORT/metrics through the Prometheus Java client, with a seeded workload"
                + " that creates, kills, pauses and resumes sandboxes and runs /execute requests, until Ctrl-C."
                + " Point scrape or watch at the printed URL.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"1:the port could not be bound", "2:usage error", "130:stopped by Ctrl-C (SIGINT)"},
        defaultValueProvider = SimulateGateway.Defaults.class)
public class SimulateGateway implements Callable<Integer> {
    /** A new workload each run unless --seed repeats one: the seed is the current time, and it is printed. */
    public static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            return OwnDefaults.of(arg, "--seed", Long.toString(System.currentTimeMillis()));
        }
    }


    @Option(names = "--port", paramLabel = "PORT", description = "TCP port on 127.0.0.1, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port = 9464;

    @Option(names = "--tick", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "time between workload steps, e.g. 100ms, 1s (default: 100ms)")
    Duration tick = Duration.ofMillis(100);

    @Mixin
    SeedOption seed;

    @Option(names = "--restart-every", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "simulate a gateway restart (counters back to 0, same port) this often, e.g. 2m; default: never")
    Duration restartEvery;

    public static void main(String[] args) {
        System.exit(Cli.run(new SimulateGateway(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            System.err.println("SimulateGateway: --port: expected 0..65535, found " + port);
            return 2;
        }
        long workloadSeed = seed.seed();
        SimulatedGateway gateway;
        try {
            gateway = SimulatedGateway.start(port);
        } catch (IOException e) {
            System.err.println("SimulateGateway: cannot serve on 127.0.0.1:" + port + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "simulated-gateway-shutdown"));
        gateway.startWorkload(tick, workloadSeed);
        System.out.println("Serving " + gateway.metricsUri() + " (tick " + Durations.format(tick) + ", seed "
                + workloadSeed + (restartEvery == null ? "" : ", restart every " + Durations.format(restartEvery))
                + "); Ctrl-C to stop");
        System.out.flush();

        while (!stopped.await(restartEvery == null ? Long.MAX_VALUE : restartEvery.toMillis(), TimeUnit.MILLISECONDS)) {
            try {
                gateway.restart();
                System.out.println(Instant.now() + " restarted: counters and uptime back to 0");
            } catch (IllegalStateException closedMeanwhile) {
                break;
            } catch (IOException e) {
                System.err.println("SimulateGateway: restart could not bind 127.0.0.1:" + gateway.port() + " again: "
                        + e.getMessage());
                gateway.close();
                return 1;
            }
        }
        return 0;
    }
}
