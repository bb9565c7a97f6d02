package org.laionfmri.mirror.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.laionfmri.mirror.storage.s3.BucketLocation;

/**
 * An HTTP proxy on a loopback port in front of an S3 endpoint that breaks a share of the requests the
 * way networks and busy stores do, each fault drawn from a seeded {@link Random} so a run can be
 * repeated: {@link Fault#SLOW_DOWN} (503 with S3's XML error), {@link Fault#RESET_BEFORE} (the
 * connection reset before forwarding: the store never saw the request), {@link Fault#RESET_AFTER} (reset
 * once the store has answered: the request took effect, its answer is lost), {@link Fault#CUT_BODY} (the
 * answer's headers with the full Content-Length or chunked, then the connection closed half way through
 * the body; drawn for a bodiless answer, it passes intact). {@link #silent()} is an endpoint that accepts
 * connections and never answers.
 *
 * <p>One request a connection: the request is read whole (a chunked body de-chunked, {@code Expect:
 * 100-continue} answered here), forwarded with {@code Connection: close}, and the answer relayed with
 * {@code Connection: close}, so a keep-alive client opens a new connection for each request.
 */
public final class FaultyProxy implements AutoCloseable {

    public enum Fault { SLOW_DOWN, RESET_BEFORE, RESET_AFTER, CUT_BODY }

    /** What a request loses on its way: it is forwarded whole, with a plain length, on a connection that closes after one answer. */
    private static final Set<String> REQUEST_FRAMING = Set.of("connection", "keep-alive", "proxy-connection", "expect", "transfer-encoding",
            "content-length");
    private static final Set<String> CONNECTION = Set.of("connection", "keep-alive");
    private static final byte[] SLOW_DOWN_BODY = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>"
            + "<Message>Please reduce your request rate.</Message><RequestId>faulty-proxy</RequestId></Error>").getBytes(StandardCharsets.UTF_8);

    private final ServerSocket listener;
    private final URI upstream;
    private final double rate;
    private final Random random;
    private final ExecutorService connections = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "faulty-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private final AtomicInteger requests = new AtomicInteger();

    private FaultyProxy(URI upstream, double rate, long seed) {
        this.upstream = upstream;
        this.rate = rate;
        this.random = new Random(seed);
        for (Fault fault : Fault.values()) {
            injected.put(fault, new AtomicInteger());
        }
        try {
            this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        connections.execute(this::accept);
    }

    /** A proxy to {@code upstream} that breaks about {@code rate} of the requests (0 to 1), faults drawn from a Random seeded with {@code seed}. */
    public static FaultyProxy start(URI upstream, double rate, long seed) {
        return new FaultyProxy(upstream, rate, seed);
    }

    /** An endpoint that accepts connections and never answers (nor reads). */
    public static FaultyProxy silent() {
        return new FaultyProxy(null, 0, 0);
    }

    public URI endpoint() {
        return URI.create("http://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort());
    }

    /** {@code location} reached through this proxy. */
    public BucketLocation front(BucketLocation location) {
        return new BucketLocation(location.bucket(), location.prefix(), endpoint(), location.region(), location.anonymous());
    }

    /** The faults injected so far, by kind. */
    public Map<Fault, Integer> injected() {
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        injected.forEach((fault, count) -> counts.put(fault, count.get()));
        return counts;
    }

    public int injectedTotal() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Requests received so far, broken or not. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        try {
            listener.close();
            for (Socket socket : held) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            connections.shutdownNow();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (upstream == null) {
                    held.add(client); // accepted, and left unanswered until the proxy closes
                } else {
                    connections.execute(() -> serve(client));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            Request request = Request.read(in, out);
            if (request == null) {
                return; // closed before a request
            }
            requests.incrementAndGet();
            Fault fault = draw();
            if (fault == Fault.SLOW_DOWN) {
                count(fault);
                slowDown(request, out);
            } else if (fault == Fault.RESET_BEFORE) {
                count(fault);
                reset(client);
            } else {
                forward(request, fault, client, out);
            }
        } catch (IOException dropped) {
            // the client gave up on the connection (its own timeout, or the test ended): nothing to relay
        }
    }

    /** Counted before the client can see it, so a count read after the client's last request is complete. */
    private void count(Fault fault) {
        injected.get(fault).incrementAndGet();
    }

    private synchronized Fault draw() {
        if (random.nextDouble() >= rate) {
            return null;
        }
        return Fault.values()[random.nextInt(Fault.values().length)];
    }

    private void forward(Request request, Fault fault, Socket client, OutputStream out) throws IOException {
        try (Socket store = new Socket(upstream.getHost(), upstream.getPort())) {
            OutputStream toStore = store.getOutputStream();
            toStore.write(request.forwarded());
            toStore.flush();
            InputStream fromStore = new BufferedInputStream(store.getInputStream());
            List<String> answer = readHead(fromStore);
            if (fault == Fault.RESET_AFTER) {
                fromStore.transferTo(OutputStream.nullOutputStream());
                count(fault);
                reset(client);
                return;
            }
            out.write(head(answer.get(0), answer.subList(1, answer.size()), CONNECTION));
            if (fault == Fault.CUT_BODY) {
                byte[] body = fromStore.readAllBytes(); // as sent: a chunked body is cut in its chunks
                if (body.length > 0) {
                    count(fault);
                }
                out.write(body, 0, body.length / 2);
                out.flush();
                return; // closing now leaves the rest of the body unsent
            }
            fromStore.transferTo(out);
            out.flush();
        }
    }

    private static void slowDown(Request request, OutputStream out) throws IOException {
        boolean head = request.method().equals("HEAD");
        out.write(head("HTTP/1.1 503 Slow Down", List.of("Content-Type: application/xml", "Content-Length: " + SLOW_DOWN_BODY.length),
                CONNECTION));
        if (!head) {
            out.write(SLOW_DOWN_BODY);
        }
        out.flush();
    }

    /** Closes with a TCP reset rather than an orderly close. */
    private static void reset(Socket client) throws IOException {
        client.setSoLinger(true, 0);
        client.close();
    }

    /** A start line and its headers but the {@code dropped} ones, ending with Connection: close. */
    private static byte[] head(String startLine, List<String> headers, Set<String> dropped) {
        StringBuilder head = new StringBuilder(startLine).append("\r\n");
        for (String header : headers) {
            if (!dropped.contains(name(header))) {
                head.append(header).append("\r\n");
            }
        }
        return head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A request read whole: its start line, headers and body. */
    private record Request(String startLine, List<String> headers, byte[] body) {

        /** The next request on the connection, or null at its end; answers {@code Expect: 100-continue} itself. */
        static Request read(InputStream in, OutputStream out) throws IOException {
            List<String> lines;
            try {
                lines = readHead(in);
            } catch (EOFException closed) {
                return null;
            }
            List<String> headers = new ArrayList<>(lines.subList(1, lines.size()));
            if ("100-continue".equalsIgnoreCase(value(headers, "expect"))) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            byte[] body;
            String encoding = value(headers, "transfer-encoding");
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = dechunk(in, headers);
            } else {
                body = in.readNBytes(Math.toIntExact(Math.max(0, contentLength(lines))));
            }
            return new Request(lines.get(0), headers, body);
        }

        String method() {
            return startLine.substring(0, startLine.indexOf(' '));
        }

        /** As the store receives it: a plain Content-Length body, on a connection that closes after the answer. */
        byte[] forwarded() {
            boolean hasBody = body.length > 0 || value(headers, "content-length") != null || value(headers, "transfer-encoding") != null;
            List<String> framed = new ArrayList<>(headers.stream().filter(header -> !REQUEST_FRAMING.contains(name(header))).toList());
            if (hasBody) {
                framed.add("Content-Length: " + body.length);
            }
            byte[] head = head(startLine, framed, CONNECTION);
            byte[] request = new byte[head.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            return request;
        }

        /** A chunked body's bytes; trailers join the headers. */
        private static byte[] dechunk(InputStream in, List<String> headers) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                int extension = sizeLine.indexOf(';');
                int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
                if (size == 0) {
                    for (String trailer = readLine(in); !trailer.isEmpty(); trailer = readLine(in)) {
                        headers.add(trailer);
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                readLine(in); // the CRLF after the chunk
            }
        }
    }

    /** A start line and the header lines up to the blank line. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new EOFException("no start line");
        }
        return lines;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed mid-line");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String name(String header) {
        return header.substring(0, header.indexOf(':')).strip().toLowerCase(Locale.ROOT);
    }

    private static String value(List<String> headers, String name) {
        for (String header : headers) {
            if (header.indexOf(':') > 0 && name(header).equals(name)) {
                return header.substring(header.indexOf(':') + 1).strip();
            }
        }
        return null;
    }

    /** The Content-Length of a head (its start line first), or -1 when it has none. */
    private static long contentLength(List<String> head) {
        String length = value(head.subList(1, head.size()), "content-length");
        return length == null ? -1 : Long.parseLong(length);
    }
}
