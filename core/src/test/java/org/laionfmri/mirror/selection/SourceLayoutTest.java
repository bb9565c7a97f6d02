package org.laionfmri.mirror.selection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.request.RequestJson;

/** Which prefixes a request walks, and what selecting nothing under each means. */
class SourceLayoutTest {

    private static final RequestJson REQUESTS = new RequestJson(new ObjectMapper());

    /** {@code walks}: the walks besides the dataset files, as {@code PART prefix IF_EMPTY}, in key order. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            {"subjects": "01"}                                          ; true  ; GLMSINGLE derivatives/glmsingle-tedana/sub-01/ SUBJECT_UNMATCHED, ROIS derivatives/rois/sub-01/ SUBJECT_UNMATCHED
            {"subjects": "01", "include": {"freesurfer": true, "raw": true}} ; true ; FREESURFER derivatives/freesurfer/sub-01/ FINE, GLMSINGLE derivatives/glmsingle-tedana/sub-01/ FINE, ROIS derivatives/rois/sub-01/ FINE, RAW sub-01/ FINE
            {"subjects": "01", "rawOnly": true}                         ; true  ; RAW sub-01/ SUBJECT_UNMATCHED
            {"subjects": ["03", "01"], "rawOnly": true, "filters": {"ses": "04"}} ; true ; RAW sub-01/ SUBJECT_UNMATCHED, RAW sub-03/ SUBJECT_UNMATCHED
            {"include": {"embeddings": "CLIP", "captions": true}}       ; false ; EMBEDDINGS stimuli/task-images_desc-CLIP_embeddings.h5 MISSING_KEY, CAPTIONS stimuli/task-images_desc-captions.csv MISSING_KEY
            {"include": {"stimuli": true}}                              ; false ; ''
            """)
    void walksWhatTheRequestReads(String json, boolean datasetFiles, String walks) {
        MirrorRequest request = REQUESTS.parse(json);
        List<Walk> all = SourceLayout.walks(request, request.subjects().ids());

        assertThat(all.stream().filter(walk -> walk.part() == Part.DATASET).map(Walk::prefix))
                .containsExactlyInAnyOrderElementsOf(datasetFiles ? SourceLayout.DATASET_KEYS : List.of());
        assertThat(all.stream().filter(walk -> walk.part() != Part.DATASET)
                .map(walk -> walk.part() + " " + walk.prefix() + " " + walk.ifEmpty()).toList())
                .isEqualTo(walks.isEmpty() ? List.of() : List.of(walks.split(", ")));
    }
}
