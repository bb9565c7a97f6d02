package org.laionfmri.mirror.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.laionfmri.mirror.plan.FixturePlans.FIXTURE;
import static org.laionfmri.mirror.plan.FixturePlans.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.laionfmri.mirror.error.NoMatchingData;
import org.laionfmri.mirror.request.FilterField;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.storage.KeyOrder;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.testing.ListOf;

/** The selection, end to end through the planner, on the listing shaped like the real bucket. */
class SelectionOnFixtureTest {

    private static final String R2MEAN =
            "derivatives/glmsingle-tedana/sub-01/sub-01_task-images_space-T1w_stat-rsquare_desc-R2mean_statmap.nii.gz";

    @Test
    void oneSessionBringsDatasetFilesItsDerivativesTheRoisAndThePinnedR2mean() {
        List<String> keys = keys(plan(request -> request.subjects(List.of("sub-01")).filter(FilterField.SES, List.of("04"))));

        assertThat(keys).hasSize(93);
        assertThat(keys.subList(0, 2)).containsExactly("README", "dataset_description.json");
        assertThat(keys).contains("participants.json", "participants.tsv", R2MEAN);
        assertThat(keys).filteredOn(key -> key.startsWith("derivatives/glmsingle-tedana/sub-01/ses-"))
                .hasSize(4)
                .allMatch(key -> key.contains("/ses-04/"));
        assertThat(keys).filteredOn(key -> key.startsWith("derivatives/rois/sub-01/")).hasSize(84);
        assertThat(keys).noneMatch(key -> key.contains("Noiseceiling12rep"));
    }

    @Test
    void averagesBringsTheSubjectLevelMapsAndNoSession() {
        List<String> keys = keys(plan(request -> request.subjects(List.of("01")).filter(FilterField.SES, List.of("averages"))));

        assertThat(keys).filteredOn(key -> key.startsWith("derivatives/glmsingle-tedana/"))
                .hasSize(4)
                .contains(R2MEAN)
                .noneMatch(key -> key.contains("/ses-"));
    }

    @Test
    void theRequestedHeldOutSessionIsDroppedButThePinStays() {
        List<String> keys = keys(plan(request -> request.subjects(List.of("01")).filter(FilterField.SES, List.of("31"))));

        assertThat(FIXTURE).anyMatch(entry -> entry.key().startsWith("derivatives/glmsingle-tedana/sub-01/ses-31/"));
        assertThat(keys).filteredOn(key -> key.startsWith("derivatives/glmsingle-tedana/")).containsExactly(R2MEAN);
        assertThat(keys).noneMatch(key -> key.contains("/ses-31/"));
    }

    @Test
    void suffixAndExtensionKeepTheJsonSidecars() {
        List<String> keys = keys(plan(request -> request.subjects(List.of("01"))
                .filter(FilterField.SES, List.of("04"))
                .filter(FilterField.SUFFIX, List.of("statmap"))
                .filter(FilterField.EXTENSION, List.of("nii.gz"))));

        assertThat(keys).filteredOn(key -> key.startsWith("derivatives/glmsingle-tedana/")).containsExactly(
                "derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_space-T1w_desc-Noiseceiling_statmap.nii.gz",
                "derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_space-T1w_stat-effect_desc-SingletrialBetas_statmap.json",
                "derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_space-T1w_stat-effect_desc-SingletrialBetas_statmap.nii.gz",
                R2MEAN);
    }

    @Test
    void optionalTreesComeWholeButHeldOutSessionsStayOut() {
        List<String> keys = keys(plan(request -> request.subjects(List.of("01"))
                .includeFreesurfer(true).includeAnatomical(true).includeLocalizers(true)
                .includeRaw(true).filter(FilterField.SES, List.of("04", "31"))));

        assertThat(keys).filteredOn(key -> key.startsWith("derivatives/freesurfer/sub-01/")).hasSize(47);
        assertThat(keys).filteredOn(key -> key.startsWith("derivatives/anatomical/sub-01/")).hasSize(7);
        assertThat(keys).filteredOn(key -> key.startsWith("derivatives/localizers/sub-01/"))
                .hasSize(6)
                .filteredOn(key -> key.contains("/ses-31/"))
                .allMatch(key -> key.contains("task-oloc_"));
        assertThat(keys).filteredOn(key -> key.startsWith("sub-01/"))
                .hasSize(114)
                .allMatch(key -> key.startsWith("sub-01/ses-04/"));
    }

    @Test
    void stimulusDerivativesAreExactKeys() {
        List<String> keys = keys(plan(request -> request.subjects(List.of("01")).filter(FilterField.SES, List.of("04"))
                .includeEmbeddings(List.of("all")).includeCaptions(true).includeSegmentations(true)));

        assertThat(keys).filteredOn(key -> key.startsWith("stimuli/")).containsExactly(
                "stimuli/task-images_desc-CLIP_embeddings.h5",
                "stimuli/task-images_desc-DINOv2_embeddings.h5",
                "stimuli/task-images_desc-PEcore_embeddings.h5",
                "stimuli/task-images_desc-SigLIP2_embeddings.h5",
                "stimuli/task-images_desc-captions.csv",
                "stimuli/task-images_desc-segmentations.h5",
                "stimuli/task-images_desc-segmentations_metadata.csv");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            {"include": {"embeddings": "CLIP"}}                 ; stimuli/task-images_desc-CLIP_embeddings.h5
            {"include": {"embeddings": ["SigLIP2", "DINOv2"]}}  ; stimuli/task-images_desc-DINOv2_embeddings.h5 stimuli/task-images_desc-SigLIP2_embeddings.h5
            {"include": {"captions": true}}                     ; stimuli/task-images_desc-captions.csv
            {"include": {"segmentations": true}}                ; stimuli/task-images_desc-segmentations.h5 stimuli/task-images_desc-segmentations_metadata.csv
            {"include": {"stimuli": true}}                      ; ''
            """)
    void withoutSubjectsOnlyTheNamedStimulusFilesAreSelected(String request, String expected) {
        assertThat(keys(FixturePlans.plan(request))).isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(" ")));
    }

    @Test
    void aPlanWithoutSubjectsNamesNone() {
        PlanSummary summary = new Planner(ListOf.entries(FIXTURE), ListOf.entries(List.of()))
                .plan(MirrorRequest.builder().includeCaptions(true).build(), item -> {});

        assertThat(summary.subjects()).isEmpty();
        assertThat(summary.selectedCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"subjects\": \"01\", \"include\": {\"embeddings\": \"CLIP\"}}", "{\"include\": {\"embeddings\": \"CLIP\"}}"})
    void aMissingRequestedDerivativeIsAnErrorNamingTheKey(String json) {
        List<ObjectEntry> withoutClip = FIXTURE.stream().filter(entry -> !entry.key().contains("CLIP")).toList();
        Planner planner = new Planner(ListOf.entries(withoutClip), ListOf.entries(List.of()));
        MirrorRequest request = FixturePlans.request(json);

        assertThatThrownBy(() -> planner.plan(request, item -> {}))
                .isInstanceOf(NoMatchingData.class)
                .hasMessageContaining("stimuli/task-images_desc-CLIP_embeddings.h5 is not in the source bucket");
    }

    @Test
    void allMeansEverySubjectFoundInTheSource() {
        PlanSummary summary = new Planner(ListOf.entries(FIXTURE), ListOf.entries(List.of()))
                .plan(MirrorRequest.builder().subjects(List.of("all")).filter(FilterField.SES, List.of("averages")).build(), item -> {});

        assertThat(summary.subjects()).containsExactly("sub-01", "sub-03", "sub-05", "sub-06", "sub-07");
    }

    @Test
    void noSubjectInTheSourceIsNoMatchingData() {
        Planner planner = new Planner(ListOf.entries(List.of(new ObjectEntry("README", 1))), ListOf.entries(List.of()));

        assertThatThrownBy(() -> planner.plan(MirrorRequest.builder().subjects(List.of("all")).build(), item -> {}))
                .isInstanceOf(NoMatchingData.class)
                .hasMessageStartingWith("No LAION-fMRI subjects were found");
    }

    @Test
    void nothingMatchedIsNoMatchingDataNamingSubjectAndFilters() {
        assertThatThrownBy(() -> plan(request -> request.subjects(List.of("sub-99")).filter(FilterField.SES, List.of("04"))))
                .isInstanceOf(NoMatchingData.class)
                .hasMessage("No LAION-fMRI files matched subject='sub-99' with filters (ses=['04']) under "
                        + "derivatives/glmsingle-tedana/sub-99/ or derivatives/rois/sub-99/. Check the subject ID and BIDS filters.");
        assertThatThrownBy(() -> plan(request -> request.subjects(List.of("01")).filter(FilterField.SUFFIX, List.of("nothing"))))
                .isInstanceOf(NoMatchingData.class)
                .hasMessageContaining("subject='sub-01' with filters (suffix=['nothing'])");
    }

    @Test
    void aSubjectLevelIncludeSuppressesNoMatchingData() {
        List<PlanItem> items = plan(request -> request.subjects(List.of("sub-99")).includeFreesurfer(true));

        assertThat(keys(items)).containsExactly("README", "dataset_description.json", "participants.json", "participants.tsv");
    }

    @Test
    void keysAlreadyInTheMirrorAreSkippedAndStillCountAsMatched() {
        List<ObjectEntry> mirror = new ArrayList<>(FIXTURE);
        int changed = mirror.indexOf(FIXTURE.stream().filter(entry -> entry.key().equals(R2MEAN)).findFirst().orElseThrow());
        mirror.set(changed, new ObjectEntry(R2MEAN, 1));
        List<PlanItem> items = new ArrayList<>();

        PlanSummary summary = new Planner(ListOf.entries(FIXTURE), ListOf.entries(mirror)).plan(
                MirrorRequest.builder().subjects(List.of("01")).filter(FilterField.SES, List.of("04")).build(), items::add);

        assertThat(items).filteredOn(item -> item.action() == Action.COPY)
                .containsExactly(new PlanItem(R2MEAN, 6291456, Action.COPY));
        assertThat(summary.copyCount()).isEqualTo(1);
        assertThat(summary.copyBytes()).isEqualTo(6291456);
        assertThat(summary.skipCount()).isEqualTo(92);
    }

    @Test
    void thePlanOfEverythingIsInKeyOrderWithoutDuplicates() {
        List<String> keys = keys(plan(request -> request.subjects(List.of("all"))
                .includeFreesurfer(true).includeAnatomical(true).includeLocalizers(true).includeRaw(true)
                .includeEmbeddings(List.of("all")).includeCaptions(true).includeSegmentations(true)));

        assertThat(keys).isSortedAccordingTo(KeyOrder.COMPARATOR).doesNotHaveDuplicates();
        assertThat(keys).noneMatch(key -> key.matches(".*/ses-3[1-4]/.*") && !key.contains("task-oloc_"));
        long heldOut = FIXTURE.stream().filter(entry -> entry.key().matches(".*/ses-3[1-4]/.*") && !entry.key().contains("task-oloc_")).count();
        assertThat(keys).hasSize(FIXTURE.size() - (int) heldOut);
    }

    private static List<PlanItem> plan(UnaryOperator<MirrorRequest.Builder> request) {
        return FixturePlans.plan(request.apply(MirrorRequest.builder()).build());
    }
}
