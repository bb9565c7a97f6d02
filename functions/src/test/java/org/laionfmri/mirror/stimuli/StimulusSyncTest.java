package org.laionfmri.mirror.stimuli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.error.AccessNotFound;
import org.laionfmri.mirror.error.IntegrityError;
import org.laionfmri.mirror.error.TermsOutdated;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.testing.AccessServiceStub;
import org.laionfmri.mirror.testing.MirrorHarness;

/** The stimulus transfer against the local access service, S3 (S3Proxy) and DynamoDB (dynalite). */
@Tag("integration")
class StimulusSyncTest {

    private static final String REQUEST_ID = "lfm_granted_secret_7f3a";
    private static final String IMAGES = "task-images_stimuli.h5";
    private static final String METADATA = "task-images_metadata.csv";

    @TempDir
    Path workspace;
    private MirrorHarness harness;
    private AccessServiceStub service;
    private StimulusSync sync;
    private byte[] images;
    private byte[] metadata;

    @BeforeEach
    void start() throws Exception {
        images = new byte[(6 << 20) + 321];
        new Random(42).nextBytes(images);
        metadata = "image_id,split\n1,train\n".getBytes(StandardCharsets.UTF_8);
        harness = MirrorHarness.start(workspace);
        service = AccessServiceStub.serving(Map.of(IMAGES, images, METADATA, metadata)).grant(REQUEST_ID);
        sync = new StimulusSync(AccessServiceClient.at(service.baseUri()),
                harness.table(), harness.mirrorStore());
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            service.close();
            harness.close();
        }
    }

    @Test
    void downloadsVerifiedFilesThenShortCircuitsOnTheManifest() throws Exception {
        harness.table().saveAccess(new StimulusAccess(REQUEST_ID, "it@example.org", AccessServiceStub.TERMS_VERSION, Instant.now()));

        StimulusResult first = sync.sync();

        assertThat(first.downloaded()).containsExactly(IMAGES, METADATA);
        assertThat(first.bytesDownloaded()).isEqualTo(images.length + metadata.length);
        assertThat(harness.readMirror("stimuli/" + IMAGES)).isEqualTo(images);
        assertThat(harness.readMirror("stimuli/" + METADATA)).isEqualTo(metadata);
        assertThat(harness.mirrorStore().head("stimuli/" + IMAGES).orElseThrow().metadata())
                .containsEntry(StimulusSync.SHA256_METADATA, Sha256.hex(images));

        StimulusResult second = sync.sync();

        assertThat(second.downloaded()).isEmpty();
        assertThat(service.calls("manifest")).isEqualTo(2);
        assertThat(service.calls("refresh")).isEqualTo(1);
        assertThat(service.calls("download")).isEqualTo(2);
    }

    @Test
    void withoutAStoredRequestIdItFailsBeforeAnyAuthenticatedCall() {
        assertThatThrownBy(sync::sync)
                .isInstanceOf(AccessNotFound.class)
                .hasMessageContaining("laion-mirror login");
        assertThat(service.calls("refresh")).isZero();
    }

    @Test
    void aCorruptDownloadLeavesThePreviousObjectUntouchedAndNoPartialObject() throws Exception {
        harness.table().saveAccess(new StimulusAccess(REQUEST_ID, "it@example.org", AccessServiceStub.TERMS_VERSION, Instant.now()));
        harness.writeMirror("stimuli/" + IMAGES, "the previous version".getBytes(StandardCharsets.UTF_8));
        byte[] tampered = images.clone();
        tampered[tampered.length / 2] ^= 1;
        service.corrupt(IMAGES, tampered);

        assertThatThrownBy(sync::sync)
                .isInstanceOf(IntegrityError.class)
                .hasMessageStartingWith("stimuli/" + IMAGES + ": announced " + images.length + " bytes with sha256 " + Sha256.hex(images))
                .hasMessageContaining("received " + images.length + " bytes with sha256 " + Sha256.hex(tampered))
                .hasMessageNotContaining("http");
        assertThat(harness.readMirror("stimuli/" + IMAGES)).asString(StandardCharsets.UTF_8).isEqualTo("the previous version");
        assertThat(harness.mirrorObjectKeys()).containsExactly("stimuli/" + IMAGES);
    }

    @Test
    void outdatedTermsStopTheTransfer() {
        harness.table().saveAccess(new StimulusAccess(REQUEST_ID, "it@example.org", "old", Instant.now()));
        service.answerWith(403, "{\"detail\": {\"error\": \"terms_outdated\", \"current_terms_version\": \"v3\"}}");

        assertThatThrownBy(sync::sync).isInstanceOf(TermsOutdated.class).hasMessageContaining("v3");
        assertThat(harness.mirrorObjectKeys()).isEmpty();
    }

    @Test
    void theRequestIdAndTheLinksAppearInNoLogLine() {
        harness.table().saveAccess(new StimulusAccess(REQUEST_ID, "it@example.org", AccessServiceStub.TERMS_VERSION, Instant.now()));
        PrintStream console = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            sync.sync();
        } finally {
            System.setOut(console);
        }

        assertThat(logs.toString(StandardCharsets.UTF_8))
                .contains("downloading stimuli/" + IMAGES)
                .doesNotContain(REQUEST_ID)
                .doesNotContain("X-Amz-Signature")
                .doesNotContain(service.baseUri().toString() + "files");
    }
}
