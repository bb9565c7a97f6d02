package org.laionfmri.mirror.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import org.laionfmri.mirror.Sha256;

/**
 * An S3 endpoint for hostile-input tests, serving ListObjectsV2, GetObject and HeadObject from a map:
 * it holds keys no real store would (S3Proxy's filesystem store cannot hold {@code ..} segments), can
 * list a key it no longer serves (a mirror changing while it is read), and can stall a read halfway
 * through its body (a file being written while something else happens). Any credentials are accepted:
 * while it runs, this JVM's clients sign with placeholder keys (the {@code aws.accessKeyId} and {@code
 * aws.secretAccessKey} properties). A bucket it does not hold is NoSuchBucket.
 */
public final class FakeS3 implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, NavigableMap<String, byte[]>> buckets = new ConcurrentHashMap<>();
    private final Set<String> vanished = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> stalled = new ConcurrentHashMap<>();

    private FakeS3() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        System.setProperty("aws.accessKeyId", "fake");
        System.setProperty("aws.secretAccessKey", "fake");
    }

    public static FakeS3 start() throws IOException {
        return new FakeS3();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Puts {@code key} into {@code bucket} (made if new). */
    public FakeS3 put(String bucket, String key, byte[] body) {
        buckets.computeIfAbsent(bucket, name -> new ConcurrentSkipListMap<>()).put(key, body);
        return this;
    }

    /** {@code key} stays in listings, but reading it is NoSuchKey: it went between the listing and the read. */
    public void vanish(String key) {
        vanished.add(key);
    }

    /** Reads of {@code key} send half its body, pause for {@code pause}, then send the rest. */
    public void stall(String key, Duration pause) {
        stalled.put(key, pause);
    }

    @Override
    public void close() {
        server.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath().substring(1);
            int slash = path.indexOf('/');
            String bucketName = decode(slash < 0 ? path : path.substring(0, slash));
            String key = slash < 0 ? "" : decode(path.substring(slash + 1));
            NavigableMap<String, byte[]> bucket = buckets.get(bucketName);
            if (bucket == null) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist");
            } else if (key.isEmpty()) {
                list(exchange, bucket, bucketName, query(exchange.getRequestURI().getRawQuery()));
            } else {
                read(exchange, bucket, key);
            }
        }
    }

    private void list(HttpExchange exchange, NavigableMap<String, byte[]> bucket, String name, Map<String, String> query) throws IOException {
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.get("delimiter");
        String after = query.getOrDefault("continuation-token", query.getOrDefault("start-after", ""));
        int maxKeys = Integer.parseInt(query.getOrDefault("max-keys", "1000"));
        boolean urlEncoded = "url".equals(query.get("encoding-type"));
        StringBuilder contents = new StringBuilder();
        Set<String> commonPrefixes = new TreeSet<>();
        int count = 0;
        String last = null;
        boolean truncated = false;
        for (Map.Entry<String, byte[]> entry : bucket.tailMap(prefix, true).entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(prefix)) {
                break;
            }
            if (key.compareTo(after) <= 0) {
                continue;
            }
            if (count == maxKeys) {
                truncated = true;
                break;
            }
            int cut = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
            if (cut >= 0) {
                commonPrefixes.add(key.substring(0, cut + delimiter.length()));
            } else {
                contents.append("<Contents><Key>").append(shown(key, urlEncoded)).append("</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>")
                        .append("<ETag>&quot;").append(Sha256.hex(entry.getValue()), 0, 32).append("&quot;</ETag><Size>")
                        .append(entry.getValue().length).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
            }
            count++;
            last = key;
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .append("<Name>").append(name).append("</Name><Prefix>").append(shown(prefix, urlEncoded)).append("</Prefix><KeyCount>").append(count)
                .append("</KeyCount><MaxKeys>").append(maxKeys).append("</MaxKeys><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (urlEncoded) {
            xml.append("<EncodingType>url</EncodingType>");
        }
        if (truncated) {
            xml.append("<NextContinuationToken>").append(shown(last, false)).append("</NextContinuationToken>");
        }
        xml.append(contents);
        commonPrefixes.forEach(common -> xml.append("<CommonPrefixes><Prefix>").append(shown(common, urlEncoded)).append("</Prefix></CommonPrefixes>"));
        send(exchange, 200, xml.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    private void read(HttpExchange exchange, NavigableMap<String, byte[]> bucket, String key) throws IOException {
        byte[] body = vanished.contains(key) ? null : bucket.get(key);
        if (body == null) {
            error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        exchange.getResponseHeaders().set("ETag", "\"" + Sha256.hex(body).substring(0, 32) + "\"");
        exchange.getResponseHeaders().set("Last-Modified", "Thu, 01 Jan 2026 00:00:00 GMT");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(200, -1);
        } else {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, body.length / 2);
                out.flush();
                pause(stalled.get(key));
                out.write(body, body.length / 2, body.length - body.length / 2);
            }
        }
    }

    private static void pause(Duration pause) {
        if (pause != null) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>")
                .getBytes(StandardCharsets.UTF_8);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            send(exchange, status, xml, "application/xml");
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String type) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A key in a listing: URL-encoded when the client asked so (the SDK does), else escaped for XML. */
    private static String shown(String text, boolean urlEncoded) {
        return urlEncoded ? URLEncoder.encode(text, StandardCharsets.UTF_8)
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(decode(equals < 0 ? pair : pair.substring(0, equals)), equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
