package support;

import static org.assertj.core.api.Assertions.assertThat;
import days.DayFileAppender;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import scrape.Scraper;

/**
 * Shared fixtures of the reliability tests: a loopback target with faults, the real scripts in child JVMs, a
 * multi-scrape appender. ReliabilityFixturesTest checks that they behave as the other tests assume.
 */
public final class ReliabilityFixtures {
    private ReliabilityFixtures() {}

    /**
     * The real {@code scrape.java} and {@code watch.java}, compiled once per test JVM against the test JVM's own class
     * path (which holds lib/ and the //DEPS), and started as child JVMs with no JBang round trip.
     */
    public static final class Scripts {
        private static Path classes;

        private Scripts() {}

        /** Compiles the scripts into a temporary folder once; later calls reuse it. */
        private static synchronized Path classes() throws IOException {
            if (classes != null) return classes;
            Path out = Files.createTempDirectory("coppice-scripts");
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            var diagnostics = new javax.tools.DiagnosticCollector<javax.tools.JavaFileObject>();
            try (var files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
                var units = files.getJavaFileObjects(Project.root().resolve("scrape.java"), Project.root().resolve("watch.java"),
                        Project.root().resolve("query.java"));
                boolean ok = javac.getTask(null, files, diagnostics, List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path")),
                        null, units).call();
                // Warnings (sun.misc.Signal is "internal proprietary API") are expected; only errors matter here.
                if (!ok) throw new IllegalStateException("compiling scrape.java, watch.java and query.java failed: " + diagnostics.getDiagnostics());
            }
            classes = out;
            return classes;
        }

        /** The command line of a child JVM running {@code mainClass} (a script or a test-support main). */
        public static List<String> command(String mainClass, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            // Fast start-up matters more than peak speed in these short-lived children.
            // -Xmx as watch.java's //JAVA_OPTIONS: watch refuses to start when its heap cannot hold --max-bytes.
            Collections.addAll(cmd, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-Xmx2g");
            cmd.add("-cp");
            cmd.add(classes() + File.pathSeparator + System.getProperty("java.class.path"));
            cmd.add(mainClass);
            Collections.addAll(cmd, args);
            return cmd;
        }

        /**
         * The command, run with SIGINT back at its default action. A JVM inherits an ignored SIGINT (as a background job
         * of a non-interactive shell has it, e.g. a test run started with {@code &}) and then never sees Ctrl-C; GNU
         * env (coreutils 8.31+) can undo that, and execs, so the pid stays the JVM's.
         */
        public static List<String> withDefaultSigint(List<String> command) throws Exception {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (!probe.waitFor(10, TimeUnit.SECONDS) || probe.exitValue() != 0) return command;
            List<String> out = new ArrayList<>(List.of("env", "--default-signal=INT"));
            out.addAll(command);
            return out;
        }

        /** Runs a child JVM to its end (killed after {@code limit}), collecting its output. */
        public static Project.Run run(Duration limit, String mainClass, String... args) throws Exception {
            return finish(start(command(mainClass, args)), limit);
        }

        /** Starts a command with stdout and stderr going to temporary files (so a chatty child never blocks). */
        public static Process start(List<String> command) throws IOException {
            Path out = Files.createTempFile("child", ".out");
            Path err = Files.createTempFile("child", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            OUTPUTS.put(p.pid(), new Path[] {out, err});
            return p;
        }

        private static final Map<Long, Path[]> OUTPUTS = new ConcurrentHashMap<>();

        /** What a started process wrote so far on stderr. */
        private static String stderrSoFar(Process p) throws IOException {
            return Files.readString(OUTPUTS.get(p.pid())[1], StandardCharsets.UTF_8);
        }

        /** Waits for the end of a process started by {@link #start} (killing it after {@code limit}). */
        public static Project.Run finish(Process p, Duration limit) throws Exception {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("child " + p.info().commandLine().orElse("?") + " did not end within " + limit
                        + "; stderr: " + stderrSoFar(p));
            }
            Path[] files = OUTPUTS.remove(p.pid());
            Project.Run run = new Project.Run(p.exitValue(), Files.readString(files[0], StandardCharsets.UTF_8), Files.readString(files[1], StandardCharsets.UTF_8));
            Files.deleteIfExists(files[0]);
            Files.deleteIfExists(files[1]);
            return run;
        }

        /** Sends a signal by name (INT, TERM) with the kill command; fails with what kill printed when it does not succeed. */
        public static void signal(Process p, String name) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).redirectErrorStream(true).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -" + name + " " + p.pid() + " ended").isTrue();
            // kill has ended: its few bytes of output wait in the pipe.
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kill.exitValue()).as("kill -" + name + " " + p.pid() + ": " + said).isZero();
        }
    }

    /**
     * Test-support main, one per child JVM in the concurrency test: {@code DATA_DIR TARGET COUNT} scrapes the target
     * COUNT times with {@link Scraper} and appends each record with {@link DayFileAppender}, as {@code scrape} does, without
     * paying a JVM start per scrape. Exit status 0 when every record was written.
     */
    public static final class Appender {
        public static void main(String[] args) throws Exception {
            Path dataDir = Path.of(args[0]);
            Scraper scraper = Scrapes.scraper(args[1], Duration.ofSeconds(10), 1 << 20);
            int count = Integer.parseInt(args[2]);
            for (int i = 0; i < count; i++) DayFileAppender.append(dataDir, scraper.scrape());
            System.exit(0);
        }
    }

    /** Every line of every day file under {@code dataDir}, in file order. */
    public static List<String> lines(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) return List.of();
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /**
     * A target on 127.0.0.1 that misbehaves on request, one fault per path (raw sockets, so it can lie about lengths
     * and hang on purpose). Each connection gets one response and is then closed. With an SSL context it speaks TLS.
     *
     * <ul>
     *   <li>{@code /metrics}: a valid text 0.0.4 exposition, {@link #METRICS}
     *   <li>{@code /auth}: the same, but only with {@code Authorization: Bearer <token>} ({@link #requireToken}), else 401
     *   <li>{@code /500}, {@code /404}: that status
     *   <li>{@code /loop}: a redirect to itself
     *   <li>{@code /big}: a 2 MiB body
     *   <li>{@code /badgzip}: {@code Content-Encoding: gzip} over bytes that are not gzip
     *   <li>{@code /cut}: announces 1000 bytes, sends half a line, closes
     *   <li>{@code /html}: an HTML page
     *   <li>{@code /signin}: a redirect to {@code /login?next=%2Fmetrics}, an HTML page (a sign-in page)
     *   <li>{@code /never}: reads the request and never answers
     *   <li>{@code /drip}: announces 100 bytes and sends one a second
     *   <li>{@code /slow?ms=N}: {@code /metrics} after N milliseconds
     *   <li>{@code /flaky}: the faults above in turn (fast ones only) for the first {@link #failFirst} requests, then {@code /metrics}
     * </ul>
     */
    public static final class FaultyServer implements AutoCloseable {
        public static final String METRICS = "# HELP coppice_sandboxes_alive Sandboxes alive.\n# TYPE coppice_sandboxes_alive gauge\n"
                + "coppice_sandboxes_alive 3\n# TYPE coppice_requests_total counter\ncoppice_requests_total{code=\"200\"} 1027\n";
        private static final String[] FLAKY = {"/500", "/404", "/loop", "/badgzip", "/cut", "/html"};

        private final ServerSocket socket;
        private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger flakyServed = new AtomicInteger();
        private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
        private volatile String token;
        /** How many requests to {@code /flaky} get a fault before it answers as {@code /metrics}; 0 at start. */
        public volatile int failFirst;
        private volatile boolean closed;

        /** A plain-HTTP server on a free loopback port, accepting until closed. */
        public FaultyServer() throws IOException {
            this(null, false);
        }

        /** A TLS server when {@code tls} is not null; {@code needClientAuth} then demands a client certificate. */
        public FaultyServer(SSLContext tls, boolean needClientAuth) throws IOException {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            if (tls == null) {
                socket = new ServerSocket(0, 50, loopback);
            } else {
                SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50, loopback);
                s.setNeedClientAuth(needClientAuth);
                socket = s;
            }
            Thread acceptor = new Thread(this::acceptLoop, "faulty-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        /** {@code http(s)://127.0.0.1:PORT} + path. */
        public java.net.URI uri(String path) {
            return java.net.URI.create((socket instanceof SSLServerSocket ? "https" : "http") + "://127.0.0.1:" + socket.getLocalPort() + path);
        }

        /** Requests read so far, on any path. */
        public int requests() {
            return requests.get();
        }

        /** Connections accepted and not yet closed by either side. */
        public int openConnections() {
            return open.size();
        }

        /** Requests to {@code /flaky} so far (redirects of its faults not counted). */
        public int flakyServed() {
            return flakyServed.get();
        }

        /** The request headers of the last request, names in lower case. */
        public Map<String, String> lastHeaders() {
            return lastHeaders;
        }

        /** The bearer token {@code /auth} accepts from now on. */
        public void requireToken(String bearerToken) {
            token = bearerToken;
        }

        private void acceptLoop() {
            while (!closed) {
                try {
                    Socket client = socket.accept();
                    open.add(client);
                    Thread t = new Thread(() -> serve(client), "faulty-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    if (closed) return;
                }
            }
        }

        private void serve(Socket client) {
            try (client) {
                client.setSoTimeout(30_000);
                InputStream in = client.getInputStream();
                String head = readHead(in);
                if (head == null) return;
                requests.incrementAndGet();
                String[] lines = head.split("\r\n");
                String path = lines[0].split(" ")[1];
                Map<String, String> headers = new ConcurrentHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
                lastHeaders.clear();
                lastHeaders.putAll(headers);
                OutputStream out = client.getOutputStream();
                if (path.equals("/flaky")) {
                    int n = flakyServed.getAndIncrement();
                    path = n < failFirst ? FLAKY[n % FLAKY.length] : "/metrics";
                }
                String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
                switch (route) {
                    case "/metrics" -> respond(out, 200, "text/plain; version=0.0.4; charset=utf-8", METRICS.getBytes(StandardCharsets.UTF_8), "");
                    case "/auth" -> {
                        if (("Bearer " + token).equals(headers.get("authorization"))) {
                            respond(out, 200, "text/plain; version=0.0.4", METRICS.getBytes(StandardCharsets.UTF_8), "");
                        } else {
                            respond(out, 401, "text/plain", "unauthorized\n".getBytes(StandardCharsets.UTF_8), "WWW-Authenticate: Bearer\r\n");
                        }
                    }
                    case "/500" -> respond(out, 500, "text/plain", "internal error\n".getBytes(StandardCharsets.UTF_8), "");
                    case "/404" -> respond(out, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8), "");
                    case "/loop" -> respond(out, 302, "text/plain", new byte[0], "Location: /loop\r\n");
                    case "/signin" -> respond(out, 302, "text/plain", new byte[0], "Location: /login?next=%2Fmetrics\r\n");
                    case "/big" -> respond(out, 200, "text/plain", bigBody(2 << 20), "");
                    case "/badgzip" -> respond(out, 200, "text/plain", "this is not gzip at all\n".getBytes(StandardCharsets.UTF_8),
                            "Content-Encoding: gzip\r\n");
                    case "/html", "/login" -> respond(out, 200, "text/html; charset=utf-8",
                            "<!DOCTYPE html>\n<html><body><h1>Welcome</h1></body></html>\n".getBytes(StandardCharsets.UTF_8), "");
                    case "/cut" -> {
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: 1000\r\n\r\n"
                                + "coppice_sandboxes_alive 3\ncoppice_requ").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    case "/never" -> sleepUntilClosed(in);
                    case "/drip" -> {
                        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        for (int i = 0; i < 100 && !closed; i++) {
                            out.write('#');
                            out.flush();
                            Thread.sleep(1000);
                        }
                    }
                    case "/slow" -> {
                        Thread.sleep(Long.parseLong(path.substring(path.indexOf("ms=") + 3)));
                        respond(out, 200, "text/plain; version=0.0.4", METRICS.getBytes(StandardCharsets.UTF_8), "");
                    }
                    default -> respond(out, 404, "text/plain", new byte[0], "");
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // The client went away (timeouts do that on purpose): nothing to do.
            } finally {
                open.remove(client);
            }
        }

        private static byte[] bigBody(int size) {
            byte[] line = "coppice_filler_total 1\n".getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[size];
            for (int i = 0; i < size; i++) body[i] = line[i % line.length];
            return body;
        }

        private static void respond(OutputStream out, int status, String type, byte[] body, String extraHeaders) throws IOException {
            String head = "HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n" + extraHeaders + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }

        /** Holds the connection open without answering until the client closes it or the server stops. */
        private void sleepUntilClosed(InputStream in) throws IOException {
            while (!closed) {
                try {
                    if (in.read() < 0) return;
                } catch (SocketTimeoutException e) {
                    return;
                }
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b; (b = in.read()) >= 0; ) {
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) return head.toString(StandardCharsets.ISO_8859_1);
                if (head.size() > 64 * 1024) return null;
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            socket.close();
            synchronized (open) {
                for (Socket s : open) s.close();
            }
        }
    }

    /**
     * A loopback port whose accept queue is full, so new connections hang in SYN_SENT: a connect timeout without
     * leaving the machine. Linux drops a SYN when the listen queue (backlog + 1) is full.
     */
    public static final class FullBacklog implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> fillers = new ArrayList<>();

        public FullBacklog() throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress("127.0.0.1", socket.getLocalPort()), 200);
                    fillers.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    return; // the queue is full: this connect was not answered
                }
            }
            throw new IllegalStateException("the accept queue of a backlog-1 socket never filled up");
        }

        /** The loopback port whose connects hang. */
        public int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) s.close();
            socket.close();
        }
    }
}
