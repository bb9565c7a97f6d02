package org.laionfmri.mirror.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where the laion_fmri package reads each key from: the key itself, but for hyphens removed from a label- value. */
class DataDirectoryTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA-1_mask.label    | derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA1_mask.label
            derivatives/rois/sub-01/category/sub-01_hemi-R_space-fsnative_label-FFA-2_mask.func.gii | derivatives/rois/sub-01/category/sub-01_hemi-R_space-fsnative_label-FFA2_mask.func.gii
            derivatives/rois/sub-01/sub-01_space-T1w_res-1pt8_label-FFA-1_mask.nii.gz               | derivatives/rois/sub-01/sub-01_space-T1w_res-1pt8_label-FFA1_mask.nii.gz
            derivatives/rois/sub-01/sub-01_space-T1w_label-a-b-c_mask.nii.gz                        | derivatives/rois/sub-01/sub-01_space-T1w_label-abc_mask.nii.gz
            derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-V1_mask.label       | derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-V1_mask.label
            derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-hV4_mask.func.gii   | derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-hV4_mask.func.gii
            derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_desc-SingletrialBetas_trials.tsv | derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_desc-SingletrialBetas_trials.tsv
            sub-01/ses-04/func/sub-01_ses-04_task-images_run-02_echo-1_part-mag_bold.nii.gz          | sub-01/ses-04/func/sub-01_ses-04_task-images_run-02_echo-1_part-mag_bold.nii.gz
            derivatives/freesurfer/sub-01/label/lh.label-x.annot                                    | derivatives/freesurfer/sub-01/label/lh.label-x.annot
            stimuli/task-images_desc-CLIP_embeddings.h5                                             | stimuli/task-images_desc-CLIP_embeddings.h5
            README                                                                                  | README
            """)
    void storesEachKeyWhereThePackageLooksForIt(String key, String local) {
        assertThat(DataDirectory.localName(key)).isEqualTo(local);
        assertThat(new DataDirectory(Path.of("/data/laion")).names(key)).isEqualTo(List.of(local.split("/")));
    }

    @Test
    void thePackagesOwnFilesAndItsConfiguration() {
        DataDirectory data = new DataDirectory(Path.of("/data/laion"));

        assertThat(data.licenceMarker()).isEqualTo(Path.of("/data/laion/.laion_fmri/license_accepted"));
        assertThat(PackageConfig.file(Map.of("HOME", "/home/ada"))).isEqualTo(Path.of("/home/ada/.config/laion_fmri/config.json"));
        assertThat(PackageConfig.file(Map.of("XDG_CONFIG_HOME", "/etc/xdg-ada", "HOME", "/home/ada"))).isEqualTo(Path.of("/etc/xdg-ada/laion_fmri/config.json"));
    }
}
