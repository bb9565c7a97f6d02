package org.laionfmri.mirror.stimuli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.laionfmri.mirror.error.AccessNotFound;
import org.laionfmri.mirror.error.AccessRevoked;
import org.laionfmri.mirror.error.AccessServiceError;
import org.laionfmri.mirror.error.Redaction;
import org.laionfmri.mirror.error.TermsOutdated;

/**
 * The dataset's stimulus access service (JSON over HTTPS, 30 s timeout): the public manifest, and
 * fresh presigned download links for a stored request id. Error answers map to the named errors;
 * their messages never carry the request id or a URL (see {@link Redaction}).
 */
public final class AccessServiceClient {

    public static final URI DEFAULT_BASE = URI.create("https://laion-fmri.hebartlab.com");
    public static final String DATASET_VERSION = "v1";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How requests made by this tool name themselves to the service. */
    private static final String SOURCE = "laion-mirror";

    private final String base;
    private final HttpClient http;
    private final ObjectMapper mapper;

    /** The service at {@code base}: connections within 10 s, redirects followed (from HTTPS only to HTTPS). */
    public static AccessServiceClient at(URI base) {
        return new AccessServiceClient(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), new ObjectMapper());
    }

    private AccessServiceClient(URI base, HttpClient http, ObjectMapper mapper) {
        this.base = base.toString().replaceAll("/+$", "");
        this.http = http;
        this.mapper = mapper;
    }

    /** {@code GET /api/v1/manifest}: public, no credentials. */
    public Manifest manifest() {
        JsonNode body = send(HttpRequest.newBuilder(uri("/api/v1/manifest")).GET());
        List<StimulusFile> files = new ArrayList<>();
        for (JsonNode file : body.path("files")) {
            files.add(new StimulusFile(file.path("name").asText(), file.path("size").asLong(), file.path("sha256").asText()));
        }
        List<String> versions = new ArrayList<>();
        body.path("versions").forEach(version -> versions.add(version.asText()));
        return new Manifest(body.path("dataset").asText(), body.path("current_terms_version").asText(), versions, files);
    }

    /**
     * {@code POST /api/v1/access/request}: submits the Data Use Agreement form, with the terms and the
     * privacy notice accepted; the service answers with the request id that grants the files.
     */
    public AccessGrant requestAccess(AccessForm form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", form.name());
        body.put("email", form.email());
        body.put("institution", form.institution());
        body.put("pi_or_supervisor", form.piOrSupervisor() == null || form.piOrSupervisor().isBlank() ? null : form.piOrSupervisor());
        body.put("research_purpose", form.researchPurpose());
        body.put("accepted_terms", true);
        body.put("acknowledged_privacy", true);
        body.put("terms_version", form.termsVersion());
        body.put("source", SOURCE);
        JsonNode answer = send(HttpRequest.newBuilder(uri("/api/v1/access/request"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body))));
        String requestId = answer.path("request_id").asText("");
        if (requestId.isEmpty()) {
            throw new AccessServiceError("the access service granted no request_id");
        }
        return new AccessGrant(requestId, answer.path("expires_at").asText(""));
    }

    /** Where people read the terms and the privacy notice before they accept them. */
    public String page(String path) {
        return shown() + path;
    }

    /** {@code POST /api/v1/refresh}: fresh presigned links for the files the request id grants. */
    public List<DownloadLink> refresh(String requestId) {
        Redaction.protect(requestId);
        JsonNode body = send(HttpRequest.newBuilder(uri("/api/v1/refresh"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(Map.of("request_id", requestId, "dataset_version", DATASET_VERSION)))));
        List<DownloadLink> links = new ArrayList<>();
        for (JsonNode file : body.path("files")) {
            String name = file.path("name").asText();
            URI url;
            try {
                url = URI.create(file.path("url").asText());
            } catch (IllegalArgumentException malformed) {
                throw new AccessServiceError("the access service gave a malformed download link for " + name); // the link itself is a secret
            }
            links.add(new DownloadLink(name, url, file.path("size").asLong(), file.path("sha256").asText()));
        }
        return links;
    }

    /** Opens a presigned download; the caller closes the stream. */
    public InputStream download(DownloadLink link) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(link.url()).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new AccessServiceError("downloading " + link.name() + " failed: HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new AccessServiceError("downloading " + link.name() + " failed: " + why(e));
        } catch (IllegalArgumentException unusable) {
            throw new AccessServiceError("the download link for " + link.name() + " is not usable"); // its message would quote the link
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessServiceError("downloading " + link.name() + " was interrupted");
        }
    }

    /** The service's address as messages show it: without credentials written into it. */
    private String shown() {
        return base.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    /** Why a call failed, for people: the JDK's exceptions often carry no message at all. */
    private static String why(IOException failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "the connection timed out";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        if (failure instanceof ConnectException) {
            return "the connection was refused";
        }
        return failure.getMessage() == null ? "the connection failed" : Redaction.redactWithUrls(failure.getMessage());
    }

    /** Where people accept the current terms. */
    public String termsAcceptUrl() {
        return page("/terms/accept");
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.header("Accept", "application/json").timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AccessServiceError("could not reach the access service at " + shown() + ": " + why(e)
                    + ". Check the network, or the address given with --access-service.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessServiceError("the call to the access service at " + shown() + " was interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 == 2 && body != null) {
            return body;
        }
        throw error(response.statusCode(), body, response.body());
    }

    private RuntimeException error(int status, JsonNode body, byte[] raw) {
        JsonNode detail = body != null && body.has("detail") ? body.get("detail") : body;
        String detailText = Redaction.redactWithUrls(detail == null ? new String(raw, StandardCharsets.UTF_8)
                : detail.isTextual() ? detail.textValue() : detail.toString());
        if (status == 403 && detail != null && "terms_outdated".equals(detail.path("error").asText())) {
            return new TermsOutdated(pageAddress(detail.path("accept_url").asText(termsAcceptUrl())),
                    detail.path("current_terms_version").asText("unknown"));
        }
        if (status == 403 && detailText.toLowerCase(Locale.ROOT).contains("revoked")) {
            return new AccessRevoked("The access service revoked this mirror's stimulus access: " + detailText);
        }
        if (status == 404) {
            return new AccessNotFound("The access service does not know the stored request_id (unknown or expired): " + detailText
                    + ". " + StimulusSync.HOW_TO_STORE_ACCESS);
        }
        if (status == 429) {
            return new AccessServiceError("rate limited by the access service (HTTP 429): " + detailText);
        }
        return new AccessServiceError("the access service answered HTTP " + status + ": " + detailText);
    }

    /** A page to send people to, without query or fragment (a personalised link could carry a secret). */
    private String pageAddress(String url) {
        try {
            URI page = URI.create(url);
            return page.getScheme() == null || page.getHost() == null ? termsAcceptUrl()
                    : new URI(page.getScheme(), page.getAuthority(), page.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException malformed) {
            return termsAcceptUrl();
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }
}
