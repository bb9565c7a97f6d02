package org.laionfmri.mirror.stimuli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.error.AccessNotFound;
import org.laionfmri.mirror.error.AccessServiceError;
import org.laionfmri.mirror.error.MirrorException;
import org.laionfmri.mirror.error.TermsOutdated;
import org.laionfmri.mirror.testing.AccessServiceStub;

class AccessServiceClientTest {

    private static final String REQUEST_ID = "lfm_s3cr3t_for_tests";
    private static final byte[] IMAGES = "pretend HDF5".getBytes(StandardCharsets.UTF_8);
    private static final byte[] METADATA = "image,caption\n1,a cat\n".getBytes(StandardCharsets.UTF_8);

    private AccessServiceStub service;
    private AccessServiceClient client;

    @BeforeEach
    void start() throws Exception {
        service = AccessServiceStub.serving(Map.of("task-images_stimuli.h5", IMAGES, "task-images_metadata.csv", METADATA)).grant(REQUEST_ID);
        client = AccessServiceClient.at(service.baseUri());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void readsTheManifest() {
        Manifest manifest = client.manifest();

        assertThat(manifest.currentTermsVersion()).isEqualTo(AccessServiceStub.TERMS_VERSION);
        assertThat(manifest.versions()).containsExactly("v1");
        assertThat(manifest.file("task-images_stimuli.h5"))
                .contains(new StimulusFile("task-images_stimuli.h5", IMAGES.length, Sha256.hex(IMAGES)));
    }

    @Test
    void refreshesLinksThatDownloadTheAnnouncedBytes() throws Exception {
        List<DownloadLink> links = client.refresh(REQUEST_ID);

        DownloadLink metadata = links.stream().filter(link -> link.name().equals("task-images_metadata.csv")).findFirst().orElseThrow();
        assertThat(metadata.size()).isEqualTo(METADATA.length);
        assertThat(metadata.sha256()).isEqualTo(Sha256.hex(METADATA));
        assertThat(metadata.toString()).doesNotContain("http").doesNotContain("Signature");
        try (InputStream in = client.download(metadata)) {
            assertThat(in.readAllBytes()).isEqualTo(METADATA);
        }
    }

    @Test
    void anUnknownRequestIdIsAccessNotFoundWithoutTheId() {
        assertThatThrownBy(() -> client.refresh("lfm_unknown_id"))
                .isInstanceOf(AccessNotFound.class)
                .hasMessageContaining("unknown or expired")
                .hasMessageContaining("laion-mirror login")
                .hasMessageNotContaining("lfm_unknown_id");
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            403 | {"detail": {"error": "terms_outdated", "accept_url": "https://terms.example/accept", "current_terms_version": "v9"}} | TermsOutdated | The stimulus terms changed (current version: v9). Accept them at https://terms.example/accept, then run the sync again.
            403 | {"detail": "Access revoked: DUA breach"}                                  | AccessRevoked      | The access service revoked this mirror's stimulus access: Access revoked: DUA breach
            403 | {"detail": "forbidden"}                                                   | AccessServiceError | the access service answered HTTP 403: forbidden
            404 | {"detail": "Unknown or expired request_id"}                               | AccessNotFound     | The access service does not know the stored request_id (unknown or expired): Unknown or expired request_id.
            429 | {"detail": "slow down"}                                                   | AccessServiceError | rate limited by the access service (HTTP 429): slow down
            500 | boom                                                                      | AccessServiceError | the access service answered HTTP 500: boom
            502 | {"detail": {"reason": "upstream"}}                                        | AccessServiceError | the access service answered HTTP 502: {"reason":"upstream"}
            500 | {"detail": "failed for lfm_s3cr3t_for_tests at https://bucket.example/x?X-Amz-Signature=abc"} | AccessServiceError | the access service answered HTTP 500: failed for (request_id not shown) at (url not shown)
            """)
    void mapsEveryErrorStatusToItsNamedError(int status, String body, String error, String message) {
        service.answerWith(status, body);

        assertThatThrownBy(() -> client.refresh(REQUEST_ID))
                .isInstanceOfSatisfying(MirrorException.class, failure -> {
                    assertThat(failure.errorName()).isEqualTo(error);
                    assertThat(failure.getMessage()).startsWith(message).doesNotContain(REQUEST_ID).doesNotContain("X-Amz-Signature");
                });
    }

    @Test
    void termsOutdatedWithoutAnAcceptUrlPointsAtTheServicesTermsPage() {
        service.answerWith(403, "{\"detail\": {\"error\": \"terms_outdated\", \"current_terms_version\": \"v2\"}}");

        assertThatThrownBy(() -> client.manifest())
                .isInstanceOfSatisfying(TermsOutdated.class, outdated -> {
                    assertThat(outdated.acceptUrl()).isEqualTo(service.baseUri() + "terms/accept");
                    assertThat(outdated.currentTermsVersion()).isEqualTo("v2");
                });
    }

    @Test
    void aPersonalisedAcceptLinkIsShownWithoutItsQuery() {
        service.answerWith(403, "{\"detail\": {\"error\": \"terms_outdated\", \"current_terms_version\": \"v3\","
                + " \"accept_url\": \"https://terms.example/accept?request_id=lfm_personal#top\"}}");

        assertThatThrownBy(() -> client.refresh(REQUEST_ID))
                .isInstanceOfSatisfying(TermsOutdated.class, outdated -> assertThat(outdated.acceptUrl()).isEqualTo("https://terms.example/accept"))
                .hasMessageNotContaining("lfm_");
    }

    @Test
    void aMalformedDownloadLinkIsNamedByItsFileNotQuoted() throws Exception {
        service.answerWith(200, "{\"expires_at\": \"x\", \"files\": [{\"name\": \"task-images_stimuli.h5\","
                + " \"url\": \"https://bucket.example/a b?X-Amz-Signature=secret\", \"size\": 1, \"sha256\": \"00\"}]}");

        assertThatThrownBy(() -> client.refresh(REQUEST_ID))
                .isInstanceOf(AccessServiceError.class)
                .hasMessage("the access service gave a malformed download link for task-images_stimuli.h5");
    }

    @Test
    void anUnreachableServiceIsAccessServiceError() {
        service.close();
        AccessServiceClient unreachable = AccessServiceClient.at(URI.create(service.baseUri().toString()));

        assertThatThrownBy(unreachable::manifest)
                .isInstanceOf(AccessServiceError.class)
                .hasMessageStartingWith("could not reach the access service at http://127.0.0.1:")
                .hasMessageEndingWith(": the connection was refused. Check the network, or the address given with --access-service.")
                .hasMessageNotContaining("null");
    }

    @Test
    void credentialsWrittenIntoTheServiceAddressAreNeverShown() {
        service.close();
        URI withCredentials = URI.create(service.baseUri().toString().replace("http://", "http://ada:hunter2@"));
        AccessServiceClient client = AccessServiceClient.at(withCredentials);

        assertThat(client.page("/terms")).doesNotContain("hunter2").startsWith("http://127.0.0.1:");
        assertThatThrownBy(client::manifest).isInstanceOf(AccessServiceError.class).hasMessageNotContaining("hunter2");
    }
}
