package org.laionfmri.mirror.selection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeldOutSessionsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            sub-01/ses-31/func/sub-01_ses-31_task-images_run-01_bold.nii.gz                                 | true
            derivatives/glmsingle-tedana/sub-01/ses-32/func/sub-01_ses-32_task-images_trials.tsv             | true
            derivatives/glmsingle-tedana/sub-01/ses-34                                                      | true
            sub-01/ses-33/anat/x.json                                                                       | true
            sub-03/sub-03_ses-31_task-images_bold.nii.gz                                                    | false
            sub-01/ses-310/func/sub-01_ses-310_bold.nii.gz                                                  | false
            sub-01/ses-30/func/sub-01_ses-30_bold.nii.gz                                                    | false
            sub-01/ses-35/func/sub-01_ses-35_bold.nii.gz                                                    | false
            derivatives/localizers/sub-01/ses-31/func/sub-01_ses-31_task-oloc_space-T1w_stat-effect_statmap.nii.gz | false
            derivatives/localizers/sub-01/ses-31/func/sub-01_ses-31_task-oloc.json                          | false
            derivatives/localizers/sub-01/ses-31/func/sub-01_ses-31_task-images_space-T1w_stat-effect_statmap.nii.gz | true
            derivatives/localizers/sub-01/ses-31/func/sub-01_ses-31_task-olocx_statmap.nii.gz               | true
            derivatives/glmsingle-tedana/sub-01/ses-31/func/sub-01_ses-31_task-oloc_statmap.nii.gz          | true
            derivatives/localizers/sub-01/ses-4BarScreenfLoc/func/sub-01_task-floc_statmap.nii.gz           | false
            """)
    void holdsOutSessionFoldersExceptOlocLocalizers(String key, boolean heldOut) {
        assertThat(HeldOutSessions.isHeldOut(key)).isEqualTo(heldOut);
    }
}
