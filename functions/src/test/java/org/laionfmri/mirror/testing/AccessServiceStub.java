package org.laionfmri.mirror.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.laionfmri.mirror.Sha256;

/**
 * The stimulus access service on a loopback port, per its documented contract: the public manifest,
 * access requests, refresh with presigned-looking download URLs served by the same server, and every
 * error status. Serves real bytes with their real sha256; a test can make a download lie about its
 * content, or make the API answer a given status and body.
 */
public final class AccessServiceStub implements AutoCloseable {

    public static final String TERMS_VERSION = "2026-01";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, byte[]> servedInstead = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> knownRequestIds = new ArrayList<>();
    private volatile Failure failure;
    private final Map<String, Failure> endpointAnswers = new ConcurrentHashMap<>();

    private record Failure(int status, String body) {}

    private AccessServiceStub(Map<String, byte[]> files) throws IOException {
        this.files.putAll(files);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/manifest", exchange -> answer(exchange, "manifest", () -> manifest()));
        server.createContext("/api/v1/access/request", exchange -> answer(exchange, "request", () -> accessRequest(exchange)));
        server.createContext("/api/v1/refresh", exchange -> answer(exchange, "refresh", () -> refresh(exchange)));
        server.createContext("/files/", this::download);
        server.start();
    }

    /** A stub serving these files (name to bytes). */
    public static AccessServiceStub serving(Map<String, byte[]> files) throws IOException {
        return new AccessServiceStub(files);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Registers a request id the service knows, as if access had been granted. */
    public AccessServiceStub grant(String requestId) {
        knownRequestIds.add(requestId);
        return this;
    }

    /** Makes every later API call answer {@code status} and {@code body} (an error, or a crafted answer). */
    public void answerWith(int status, String body) {
        failure = new Failure(status, body);
    }

    /** Makes every later call of {@code endpoint} ({@code manifest}, {@code request}, {@code refresh}) answer {@code status} and {@code body}. */
    public void answerWith(String endpoint, int status, String body) {
        endpointAnswers.put(endpoint, new Failure(status, body));
    }

    /** Answers every call as the contract says again, after {@link #answerWith}. */
    public void answerAsUsual() {
        failure = null;
        endpointAnswers.clear();
    }

    /** Serves other bytes for a file than the ones its size and sha256 announce. */
    public void corrupt(String name, byte[] bytes) {
        servedInstead.put(name, bytes);
    }

    /** How often an endpoint was called: {@code manifest}, {@code request}, {@code refresh}, {@code download}. */
    public int calls(String endpoint) {
        AtomicInteger count = calls.get(endpoint);
        return count == null ? 0 : count.get();
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private interface Body {
        Object get() throws IOException;
    }

    private void answer(HttpExchange exchange, String endpoint, Body body) throws IOException {
        calls.computeIfAbsent(endpoint, name -> new AtomicInteger()).incrementAndGet();
        Failure current = endpointAnswers.getOrDefault(endpoint, failure);
        if (current != null) {
            send(exchange, current.status, current.body.getBytes(StandardCharsets.UTF_8));
            return;
        }
        Object answer = body.get();
        if (answer instanceof Failure refused) {
            send(exchange, refused.status, refused.body.getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 200, json.writeValueAsBytes(answer));
        }
    }

    private Map<String, Object> manifest() {
        List<Map<String, Object>> listed = new ArrayList<>();
        files.forEach((name, bytes) -> listed.add(Map.of("name", name, "size", bytes.length, "sha256", Sha256.hex(bytes))));
        return Map.of("dataset", "laion-fmri", "current_terms_version", TERMS_VERSION, "versions", List.of("v1"), "files", listed);
    }

    private Object accessRequest(HttpExchange exchange) throws IOException {
        JsonNode form = json.readTree(exchange.getRequestBody());
        if (!form.path("accepted_terms").asBoolean() || !form.path("acknowledged_privacy").asBoolean()) {
            return new Failure(422, "{\"detail\": \"terms and privacy notice must be accepted\"}");
        }
        String requestId = "lfm_" + Integer.toHexString(knownRequestIds.size() + 0x5eed);
        knownRequestIds.add(requestId);
        return Map.of("request_id", requestId, "expires_at", "2030-01-01T00:00:00Z", "files", links(requestId));
    }

    private Object refresh(HttpExchange exchange) throws IOException {
        String requestId = json.readTree(exchange.getRequestBody()).path("request_id").asText();
        if (!knownRequestIds.contains(requestId)) {
            return new Failure(404, "{\"detail\": \"Unknown or expired request_id\"}");
        }
        return Map.of("expires_at", "2030-01-01T00:00:00Z", "files", links(requestId));
    }

    private List<Map<String, Object>> links(String requestId) {
        List<Map<String, Object>> links = new ArrayList<>();
        files.forEach((name, bytes) -> links.add(Map.of("name", name, "size", bytes.length, "sha256", Sha256.hex(bytes),
                "url", baseUri() + "files/" + name + "?X-Amz-Signature=" + Sha256.hex(requestId.getBytes(StandardCharsets.UTF_8)))));
        return links;
    }

    private void download(HttpExchange exchange) throws IOException {
        calls.computeIfAbsent("download", name -> new AtomicInteger()).incrementAndGet();
        String name = exchange.getRequestURI().getPath().substring("/files/".length());
        byte[] bytes = servedInstead.getOrDefault(name, files.get(name));
        if (bytes == null || exchange.getRequestURI().getQuery() == null) {
            send(exchange, 403, "AccessDenied".getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 200, bytes);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
