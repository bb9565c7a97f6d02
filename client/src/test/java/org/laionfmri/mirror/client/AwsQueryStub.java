package org.laionfmri.mirror.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The two AWS Query-protocol calls the client makes, on a loopback port: CloudFormation's DescribeStacks
 * (one stack, with the outputs a test gives) and STS's GetCallerIdentity (a fixed caller). Unknown
 * stacks answer as CloudFormation does: HTTP 400, ValidationError, "Stack with id X does not exist".
 */
final class AwsQueryStub implements AutoCloseable {

    static final String CALLER = "arn:aws:sts::123456789012:assumed-role/lab-it/ada";

    private final HttpServer server;
    private final String stackName;
    private final Map<String, String> outputs;

    AwsQueryStub(String stackName, Map<String, String> outputs) throws IOException {
        this.stackName = stackName;
        this.outputs = new LinkedHashMap<>(outputs);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        switch (form.getOrDefault("Action", "")) {
            case "DescribeStacks" -> describeStacks(exchange, form.get("StackName"));
            case "GetCallerIdentity" -> send(exchange, 200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetCallerIdentityResult><Arn>" + CALLER + "</Arn><UserId>AROAEXAMPLE:ada</UserId><Account>123456789012</Account>"
                    + "</GetCallerIdentityResult>" + metadata() + "</GetCallerIdentityResponse>");
            default -> send(exchange, 400, error("InvalidAction", "unknown action"));
        }
    }

    private void describeStacks(HttpExchange exchange, String name) throws IOException {
        if (!stackName.equals(name)) {
            send(exchange, 400, error("ValidationError", "Stack with id " + name + " does not exist"));
            return;
        }
        StringBuilder members = new StringBuilder();
        outputs.forEach((key, value) -> members.append("<member><OutputKey>").append(key).append("</OutputKey><OutputValue>").append(value)
                .append("</OutputValue></member>"));
        send(exchange, 200, "<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><DescribeStacksResult><Stacks>"
                + "<member><StackName>" + stackName + "</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/" + stackName
                + "/1</StackId><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-11-01T00:00:00Z</CreationTime><Outputs>" + members
                + "</Outputs></member></Stacks></DescribeStacksResult>" + metadata() + "</DescribeStacksResponse>");
    }

    private static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
