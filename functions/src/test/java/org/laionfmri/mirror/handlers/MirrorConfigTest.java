package org.laionfmri.mirror.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laionfmri.mirror.storage.s3.S3ObjectStore;

/** The functions' configuration as Lambda gives it: the copy settings a deployed stack runs with. */
class MirrorConfigTest {

    private static final Map<String, String> STACK = Map.of("MIRROR_BUCKET", "lab-mirror", "STATE_TABLE", "state", "AWS_REGION", "us-west-2");

    @Test
    void objectsAboveAFewHundredMibAreCopiedInPartsOfSixtyFourMib() {
        MirrorConfig config = MirrorConfig.fromEnvironment(STACK);

        assertThat(config.singlePartLimit()).isEqualTo(256L << 20).isLessThan(S3ObjectStore.S3_SINGLE_PART_LIMIT);
        assertThat(config.partSize()).isEqualTo(64L << 20);
    }

    @Test
    void theThresholdCanBeSetButNotAboveWhatOneCopyObjectTakes() {
        Map<String, String> lower = new HashMap<>(STACK);
        lower.put("MULTIPART_COPY_THRESHOLD", Long.toString(128L << 20));
        Map<String, String> tooHigh = new HashMap<>(STACK);
        tooHigh.put("MULTIPART_COPY_THRESHOLD", Long.toString(6L << 30));

        assertThat(MirrorConfig.fromEnvironment(lower).singlePartLimit()).isEqualTo(128L << 20);
        assertThatThrownBy(() -> MirrorConfig.fromEnvironment(tooHigh)).hasMessageContaining("must not exceed S3's single copy limit of 5 GiB");
    }
}
