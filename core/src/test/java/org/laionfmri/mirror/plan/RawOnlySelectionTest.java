package org.laionfmri.mirror.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.laionfmri.mirror.plan.FixturePlans.FIXTURE;
import static org.laionfmri.mirror.plan.FixturePlans.keys;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laionfmri.mirror.error.NoMatchingData;
import org.laionfmri.mirror.storage.ObjectEntry;

/**
 * The raw-only download (upstream's {@code download_raw()}) through the planner on the fixture: the
 * dataset files and sub-01's raw tree, nothing else (no GLMsingle, no ROIs, no pinned R2mean map).
 */
class RawOnlySelectionTest {

    private static final List<String> DATASET_FILES = List.of("README", "dataset_description.json", "participants.json", "participants.tsv");

    /** {@code expected}: the fixture's keys this pattern matches are exactly the raw keys selected, {@code count} of them. */
    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            no filter, held-out ses-31 dropped  ; {}                                                   ; 418 ; sub-01/ses-0[1-4]/.*
            ses strict                          ; {"ses": "04"}                                        ; 114 ; sub-01/ses-04/.*
            ses prefix stripped                 ; {"ses": "ses-04"}                                    ; 114 ; sub-01/ses-04/.*
            ses list                            ; {"ses": ["01", "02"]}                                ; 209 ; sub-01/ses-0[12]/.*
            requested held-out session dropped  ; {"ses": ["04", "31"]}                                ; 114 ; sub-01/ses-04/.*
            run                                 ; {"ses": "04", "run": "02"}                           ; 19  ; sub-01/ses-04/func/sub-01_ses-04_task-images_run-02_.*
            run prefix stripped                 ; {"ses": "04", "run": "run-02"}                       ; 19  ; sub-01/ses-04/func/sub-01_ses-04_task-images_run-02_.*
            run across sessions                 ; {"run": "04"}                                        ; 76  ; sub-01/ses-0[1-4]/func/.*_run-04_.*
            echo, events.tsv has none           ; {"ses": "04", "echo": "1"}                           ; 42  ; sub-01/ses-04/func/.*_run-0\\d_(echo-1_.*|events\\.tsv)
            echo prefix stripped                ; {"ses": "04", "echo": "echo-1"}                      ; 42  ; sub-01/ses-04/func/.*_run-0\\d_(echo-1_.*|events\\.tsv)
            echo list                           ; {"ses": "04", "echo": ["1", "3"]}                    ; 78  ; sub-01/ses-04/func/.*_run-0\\d_(echo-[13]_.*|events\\.tsv)
            part, events.tsv has none           ; {"ses": "04", "part": "mag"}                         ; 60  ; sub-01/ses-04/func/.*_run-0\\d_(echo-\\d_part-mag_.*|events\\.tsv)
            part prefix stripped                ; {"ses": "04", "part": "part-phase"}                  ; 60  ; sub-01/ses-04/func/.*_run-0\\d_(echo-\\d_part-phase_.*|events\\.tsv)
            empty echo list: keys without echo  ; {"ses": "04", "echo": []}                            ; 6   ; sub-01/ses-04/func/.*_events\\.tsv
            run, echo and part                  ; {"ses": "04", "run": "02", "echo": "1", "part": "mag"} ; 4 ; sub-01/ses-04/func/.*_run-02_(echo-1_part-mag_.*|events\\.tsv)
            task                                ; {"ses": "04", "task": "task-images"}                 ; 114 ; sub-01/ses-04/.*
            suffix                              ; {"ses": "04", "suffix": "sbref"}                     ; 36  ; sub-01/ses-04/func/.*_sbref\\.nii\\.gz
            extension                           ; {"ses": "04", "extension": "tsv"}                    ; 6   ; sub-01/ses-04/func/.*_events\\.tsv
            suffix and extension keep sidecars  ; {"ses": "04", "suffix": "bold", "extension": "nii.gz"} ; 72 ; sub-01/ses-04/func/.*_bold\\.(nii\\.gz|json)
            """)
    void appliesTheRawFiltersToTheRawTreeAlone(String rule, String filters, int count, String expected) {
        List<String> keys = keys(FixturePlans.plan("{\"subjects\": \"01\", \"rawOnly\": true, \"filters\": " + filters + "}"));

        List<String> raw = FIXTURE.stream().map(ObjectEntry::key).filter(key -> key.matches(expected)).toList();
        assertThat(raw).as(rule).hasSize(count);
        assertThat(keys).as(rule).startsWith(DATASET_FILES.toArray(String[]::new));
        assertThat(keys.subList(DATASET_FILES.size(), keys.size())).as(rule).containsExactlyElementsOf(raw);
    }

    @ParameterizedTest(name = "[{0}] {1} {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            no zero padding                     ; "01"         ; {"ses": "4"}           ; sub-01 ; ses=['4']
            only a held-out session             ; "01"         ; {"ses": "31"}          ; sub-01 ; ses=['31']
            raw keys all carry a session        ; "01"         ; {"ses": "averages"}    ; sub-01 ; ses=['averages']
            run not padded                      ; "01"         ; {"run": "2"}           ; sub-01 ; run=['2']
            one subject of two                  ; ["05", "01"] ; {"ses": "05"}          ; sub-01 ; ses=['05']
            a subject the source lacks          ; "99"         ; {}                     ; sub-99 ; none
            """)
    void aSubjectWhoseRawTreeMatchesNothingIsNoMatchingData(String rule, String subjects, String filters, String subject, String described) {
        assertThatThrownBy(() -> FixturePlans.plan("{\"subjects\": " + subjects + ", \"rawOnly\": true, \"filters\": " + filters + "}"))
                .as(rule)
                .isInstanceOf(NoMatchingData.class)
                .hasMessage("No LAION-fMRI files matched subject='" + subject + "' with filters (" + described + ") under "
                        + subject + "/. Check the subject ID and BIDS filters.");
    }
}
