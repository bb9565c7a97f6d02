package org.laionfmri.mirror.stimuli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StimulusFileTest {

    private final StimulusFile announced = new StimulusFile("task-images_stimuli.h5", 10, "ABCDEF");

    @Test
    void aCopyOfTheAnnouncedSizeAndSha256MatchesWhateverTheHexCase() {
        assertThat(announced.mismatch(10, () -> "abcdef")).isEmpty();
    }

    @Test
    void aCopyOfAnotherSizeIsSaidWithoutReadingItsBytes() {
        AtomicInteger reads = new AtomicInteger();

        assertThat(announced.mismatch(9, () -> {
            reads.incrementAndGet();
            return "abcdef";
        })).hasValue("its size is 9, not 10");
        assertThat(reads).hasValue(0);
    }

    @Test
    void aCopyWithAnotherOrNoSha256DoesNotMatch() {
        assertThat(announced.mismatch(10, () -> "abcdee")).hasValue("its sha256 is not the manifest's");
        assertThat(announced.mismatch(10, () -> null)).hasValue("its sha256 is not the manifest's");
    }
}
