package org.laionfmri.mirror.selection;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laionfmri.mirror.request.FilterField;
import org.laionfmri.mirror.request.Filters;

class BidsFilterTest {

    private static final Map<String, String> KEYS = Map.ofEntries(
            entry("beta", "derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_space-T1w_stat-effect_desc-SingletrialBetas_statmap.nii.gz"),
            entry("betaJson", "derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_space-T1w_stat-effect_desc-SingletrialBetas_statmap.json"),
            entry("trials", "derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_desc-SingletrialBetas_trials.tsv"),
            entry("noiseceiling", "derivatives/glmsingle-tedana/sub-01/sub-01_task-images_space-T1w_desc-Noiseceiling12rep_statmap.nii.gz"),
            entry("roi", "derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA-1_mask.func.gii"),
            entry("surface", "derivatives/freesurfer/sub-01/surf/lh.white"),
            entry("folderSession", "sub-01/ses-04/func/run-01_bold.nii.gz"),
            entry("twoSessions", "sub-01/ses-04/func/sub-01_ses-05_bold.nii.gz"),
            entry("longSession", "sub-01/ses-040/func/sub-01_ses-040_bold.nii.gz"),
            entry("rawBold", "sub-01/ses-04/func/sub-01_ses-04_task-images_run-02_echo-1_part-mag_bold.nii.gz"),
            entry("rawEvents", "sub-01/ses-04/func/sub-01_ses-04_task-images_run-02_events.tsv"),
            entry("rawAnat", "sub-01/ses-04/anat/sub-01_ses-04_T1w.nii.gz"));

    /** filters: space-separated {@code field=v1,v2}; {@code field=} is an explicitly empty list. */
    @ParameterizedTest(name = "[{0}] {1} on {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            ses strict, requested           | ses=04                       | beta          | true
            ses prefix stripped             | ses=ses-04                   | beta          | true
            ses no zero padding             | ses=4                        | beta          | false
            ses other session               | ses=05                       | beta          | false
            ses case-sensitive              | ses=SES-04                   | beta          | false
            ses strict, key without ses     | ses=04                       | noiseceiling  | false
            averages brings session-less    | ses=averages                 | noiseceiling  | true
            averages excludes sessions      | ses=averages                 | beta          | false
            ses-averages is averages        | ses=ses-averages             | noiseceiling  | true
            session and averages: session   | ses=04,averages              | beta          | true
            session and averages: averages  | ses=04,averages              | noiseceiling  | true
            empty ses list matches nothing  | ses=                         | beta          | false
            empty ses list, no-ses key      | ses=                         | noiseceiling  | false
            ses in a folder counts          | ses=04                       | folderSession | true
            ses: any occurrence counts      | ses=05                       | twoSessions   | true
            ses token boundaries            | ses=04                       | longSession   | false
            task matches                    | task=images                  | beta          | true
            task case-sensitive             | task=Images                  | beta          | false
            task other value                | task=other                   | beta          | false
            task permissive                 | task=other                   | roi           | true
            empty permissive list, carrier  | task=                        | beta          | false
            empty permissive list, lacking  | task=                        | roi           | true
            space matches                   | space=T1w                    | beta          | true
            space prefix stripped           | space=space-T1w              | beta          | true
            space other                     | space=fsnative               | beta          | false
            space on rois                   | space=fsnative               | roi           | true
            desc matches                    | desc=SingletrialBetas        | beta          | true
            desc exact token                | desc=Noiseceiling            | noiseceiling  | false
            desc full token                 | desc=Noiseceiling12rep       | noiseceiling  | true
            stat matches                    | stat=effect                  | beta          | true
            stat other                      | stat=rsquare                 | beta          | false
            stat permissive                 | stat=effect                  | noiseceiling  | true
            suffix matches                  | suffix=statmap               | beta          | true
            suffix other                    | suffix=statmap               | trials        | false
            suffix list                     | suffix=trials,statmap        | trials        | true
            suffix before the first dot     | suffix=mask                  | roi           | true
            suffix without underscore       | suffix=lh                    | surface       | true
            extension after the first dot   | extension=nii.gz             | beta          | true
            extension two parts             | extension=func.gii           | roi           | true
            extension of lh.white           | extension=white              | surface       | true
            extension no leading dot        | extension=.nii.gz            | beta          | false
            extension not partial           | extension=gz                 | beta          | false
            extension excludes json         | extension=nii.gz             | betaJson      | false
            sidecar exempt                  | suffix=statmap extension=nii.gz | betaJson   | true
            sidecar needs suffix match      | suffix=trials extension=nii.gz  | betaJson   | false
            sidecar only for json           | suffix=trials extension=nii.gz  | trials     | false
            filters combine with AND        | ses=04 suffix=trials         | beta          | false
            all filters at once             | ses=04 task=images space=T1w desc=SingletrialBetas stat=effect suffix=statmap extension=nii.gz | beta | true
            run matches                     | run=02                       | rawBold       | true
            run prefix stripped             | run=run-02                   | rawBold       | true
            run no zero padding             | run=2                        | rawBold       | false
            run other                       | run=01                       | rawBold       | false
            run permissive                  | run=01                       | rawAnat       | true
            run list                        | run=01,02                    | rawEvents     | true
            echo matches                    | echo=1                       | rawBold       | true
            echo prefix stripped            | echo=echo-1                  | rawBold       | true
            echo other                      | echo=2                       | rawBold       | false
            echo permissive                 | echo=2                       | rawEvents     | true
            part matches                    | part=mag                     | rawBold       | true
            part prefix stripped            | part=part-mag                | rawBold       | true
            part other                      | part=phase                   | rawBold       | false
            part case-sensitive             | part=Mag                     | rawBold       | false
            part permissive                 | part=phase                   | rawEvents     | true
            empty run list, carrier         | run=                         | rawBold       | false
            empty echo list, lacking        | echo=                        | rawEvents     | true
            raw filters at once             | ses=04 task=images run=02 echo=1 part=mag suffix=bold extension=nii.gz | rawBold | true
            raw filters combine with AND    | run=02 echo=2                | rawBold       | false
            """)
    void appliesUpstreamSemantics(String rule, String filters, String key, boolean expected) {
        assertThat(BidsFilter.of(parse(filters), EnumSet.allOf(FilterField.class)).test(KEYS.get(key)))
                .as(rule)
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ignored -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ses=05         | beta | true
            suffix=trials  | beta | false
            """)
    void ignoresFiltersThePrefixDoesNotApply(String filters, String key, boolean expected) {
        var withoutSession = EnumSet.complementOf(EnumSet.of(FilterField.SES));
        assertThat(BidsFilter.of(parse(filters), withoutSession).test(KEYS.get(key))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} pins R2mean: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ses=04            | true
            ses=ses-04        | true
            ses=averages      | false
            ses=ses-averages  | false
            ses=averages,05   | true
            ses=              | false
            suffix=statmap    | false
            """)
    void pinsTheMeanR2MapForSpecificSessions(String filters, boolean pins) {
        assertThat(BidsFilter.namesSpecificSessions(parse(filters))).isEqualTo(pins);
    }

    static Filters parse(String spec) {
        Filters filters = Filters.none();
        for (String part : spec.trim().split("\\s+")) {
            String[] nameAndValues = part.split("=", -1);
            FilterField field = Arrays.stream(FilterField.values())
                    .filter(candidate -> candidate.fieldName().equals(nameAndValues[0]))
                    .findFirst().orElseThrow();
            List<String> values = nameAndValues[1].isEmpty() ? List.of() : List.of(nameAndValues[1].split(","));
            filters = filters.with(field, values);
        }
        return filters;
    }
}
