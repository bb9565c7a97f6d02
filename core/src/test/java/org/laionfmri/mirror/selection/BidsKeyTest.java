package org.laionfmri.mirror.selection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BidsKeyTest {

    @ParameterizedTest(name = "{0} -> suffix {1}, extension {2}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            derivatives/x/sub-01_ses-04_desc-SingletrialBetas_statmap.nii.gz | statmap | nii.gz
            derivatives/rois/sub-01/visual/sub-01_hemi-L_label-V1_mask.func.gii | mask  | func.gii
            derivatives/x/sub-01_ses-04_statmap.json                           | statmap | json
            derivatives/freesurfer/sub-01/surf/lh.white                        | lh      | white
            derivatives/freesurfer/sub-01/mri/aparc+aseg.mgz                   | aparc+aseg | mgz
            README                                                             | README  | ''
            sub.dir/ses-01/file_bold                                           | bold    | ''
            """)
    void readsSuffixAndExtensionFromTheFileName(String key, String suffix, String extension) {
        assertThat(BidsKey.suffix(key)).isEqualTo(suffix);
        assertThat(BidsKey.extension(key)).isEqualTo(extension);
    }
}
