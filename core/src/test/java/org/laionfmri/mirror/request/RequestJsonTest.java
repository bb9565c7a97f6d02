package org.laionfmri.mirror.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laionfmri.mirror.error.InvalidRequest;

class RequestJsonTest {

    private final RequestJson parser = new RequestJson(new ObjectMapper());

    @Test
    void readsTheDocumentedRequest() {
        MirrorRequest request = parser.parse("""
                {"subjects": ["sub-01", "03"],
                 "filters": {"ses": ["04", "averages"], "task": null, "space": null, "desc": null,
                             "stat": null, "suffix": "statmap", "extension": null},
                 "include": {"stimuli": false, "embeddings": ["CLIP"], "captions": true, "segmentations": false,
                             "freesurfer": false, "anatomical": true, "raw": false, "localizers": false},
                 "dryRun": true}
                """);

        assertThat(request.subjects()).isEqualTo(new SubjectSelection(false, List.of("sub-01", "sub-03")));
        assertThat(request.filters().values(FilterField.SES)).contains(List.of("04", "averages"));
        assertThat(request.filters().values(FilterField.SUFFIX)).contains(List.of("statmap"));
        assertThat(request.filters().values(FilterField.TASK)).isEmpty();
        assertThat(request.includes().embeddings()).containsExactly(EmbeddingModel.CLIP);
        assertThat(request.includes().captions()).isTrue();
        assertThat(request.includes().anatomical()).isTrue();
        assertThat(request.includes().stimuli()).isFalse();
        assertThat(request.dryRun()).isTrue();
        assertThat(request).isEqualTo(MirrorRequest.builder()
                .subjects(List.of("sub-01", "sub-03"))
                .filter(FilterField.SES, List.of("04", "averages"))
                .filter(FilterField.SUFFIX, List.of("statmap"))
                .includeEmbeddings(List.of("CLIP"))
                .includeCaptions(true)
                .includeAnatomical(true)
                .dryRun(true)
                .build());
    }

    @Test
    void writesACanonicalFormThatReadsBackEqual() {
        MirrorRequest request = parser.parse("""
                {"subjects": ["1", "sub-03"], "filters": {"ses": ["ses-04", "averages"], "task": [], "extension": "nii.gz"},
                 "include": {"embeddings": true, "raw": true}}
                """);

        String canonical = parser.write(request).toString();

        assertThat(canonical).isEqualTo("{\"subjects\":[\"sub-1\",\"sub-03\"],"
                + "\"filters\":{\"ses\":[\"ses-04\",\"averages\"],\"task\":[],\"extension\":[\"nii.gz\"]},"
                + "\"include\":{\"stimuli\":false,\"embeddings\":[\"CLIP\",\"DINOv2\",\"PEcore\",\"SigLIP2\"],\"captions\":false,"
                + "\"segmentations\":false,\"freesurfer\":false,\"anatomical\":false,\"raw\":true,\"localizers\":false},\"dryRun\":false}");
        assertThat(parser.parse(canonical)).isEqualTo(request);
        assertThat(parser.parse(parser.write(parser.parse("{\"subjects\": \"all\"}")).toString()).subjects().all()).isTrue();
    }

    @Test
    void readsARawOnlyRequestAndWritesItBack() {
        MirrorRequest request = parser.parse("""
                {"subjects": "01", "rawOnly": true,
                 "filters": {"ses": "04", "run": ["run-02", "03"], "echo": "1", "part": "mag", "suffix": "bold"}}
                """);

        assertThat(request).isEqualTo(MirrorRequest.builder()
                .subjects(List.of("sub-01"))
                .rawOnly(true)
                .filter(FilterField.SES, List.of("04"))
                .filter(FilterField.RUN, List.of("run-02", "03"))
                .filter(FilterField.ECHO, List.of("1"))
                .filter(FilterField.PART, List.of("mag"))
                .filter(FilterField.SUFFIX, List.of("bold"))
                .build());
        String canonical = parser.write(request).toString();
        assertThat(canonical).isEqualTo("{\"subjects\":[\"sub-01\"],\"rawOnly\":true,"
                + "\"filters\":{\"ses\":[\"04\"],\"run\":[\"run-02\",\"03\"],\"echo\":[\"1\"],\"part\":[\"mag\"],\"suffix\":[\"bold\"]},"
                + "\"include\":{\"stimuli\":false,\"captions\":false,\"segmentations\":false,\"freesurfer\":false,"
                + "\"anatomical\":false,\"raw\":false,\"localizers\":false},\"dryRun\":false}");
        assertThat(parser.parse(canonical)).isEqualTo(request);
        assertThat(parser.write(parser.parse("{\"subjects\": \"01\", \"rawOnly\": false}")).has("rawOnly")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"include": {"embeddings": "CLIP"}}                    | {"filters":{},"include":{"stimuli":false,"embeddings":["CLIP"],"captions":false,"segmentations":false,"freesurfer":false,"anatomical":false,"raw":false,"localizers":false},"dryRun":false}
            {"subjects": null, "include": {"captions": true}}      | {"filters":{},"include":{"stimuli":false,"captions":true,"segmentations":false,"freesurfer":false,"anatomical":false,"raw":false,"localizers":false},"dryRun":false}
            {"include": {"segmentations": true}, "filters": null}  | {"filters":{},"include":{"stimuli":false,"captions":false,"segmentations":true,"freesurfer":false,"anatomical":false,"raw":false,"localizers":false},"dryRun":false}
            {"include": {"stimuli": true}, "dryRun": true}         | {"filters":{},"include":{"stimuli":true,"captions":false,"segmentations":false,"freesurfer":false,"anatomical":false,"raw":false,"localizers":false},"dryRun":true}
            """)
    void aRequestForStimulusFilesAloneMayNameNoSubject(String json, String canonical) {
        MirrorRequest request = parser.parse(json);

        assertThat(request.subjects()).isEqualTo(SubjectSelection.none());
        assertThat(request.subjects().isNone()).isTrue();
        assertThat(parser.write(request).toString()).isEqualTo(canonical);
        assertThat(parser.parse(canonical)).isEqualTo(request);
    }

    @ParameterizedTest(name = "embeddings {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            false                 | ''
            null                  | ''
            []                    | ''
            true                  | CLIP DINOV2 PECORE SIGLIP2
            "all"                 | CLIP DINOV2 PECORE SIGLIP2
            ["all"]               | CLIP DINOV2 PECORE SIGLIP2
            "SigLIP2"             | SIGLIP2
            ["PEcore", "CLIP"]    | CLIP PECORE
            """)
    void readsEveryFormOfEmbeddings(String json, String expected) {
        MirrorRequest request = parser.parse("{\"subjects\": \"01\", \"include\": {\"embeddings\": " + json + "}}");
        assertThat(request.includes().embeddings().stream().map(Enum::name).toList())
                .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(" ")));
    }

    @Test
    void readsAllSubjects() {
        assertThat(parser.parse("{\"subjects\": \"all\"}").subjects().all()).isTrue();
        assertThat(parser.parse("{\"subjects\": [\"all\"]}").subjects().all()).isTrue();
    }

    @Test
    void normalisesSubjectsWithoutPaddingOrDuplicates() {
        assertThat(parser.parse("{\"subjects\": [\"1\", \"sub-01\", \"01\", \"sub-X\"]}").subjects().ids())
                .containsExactly("sub-1", "sub-01", "sub-X");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not JSON                 | {"subjects":                                        | request     | is not valid JSON
            not an object            | ["sub-01"]                                          | request     | must be a JSON object, not ["sub-01"]
            missing subjects         | {}                                                  | subjects    | is required (a subject id, a list of them, or "all")
            unknown top-level field  | {"subjects": "01", "subject": "01"}                 | subject     | unknown field
            unknown filter           | {"subjects": "01", "filters": {"acq": "01"}}        | filters.acq | unknown field; expected one of [desc, echo, extension, part, run, ses, space, stat, suffix, task]
            unknown include          | {"subjects": "01", "include": {"atlas": true}}      | include.atlas | unknown field
            subjects wrong type      | {"subjects": 1}                                     | subjects    | must be a string or a list of strings, not 1
            subject wrong item type  | {"subjects": ["01", 2]}                             | subjects[1] | must be a string, not 2
            empty subject list       | {"subjects": []}                                    | subjects    | at least one subject is required
            empty subject            | {"subjects": [""]}                                  | subjects[0] | must not be empty
            bare sub- prefix         | {"subjects": "sub-"}                                | subjects[0] | "sub-" is not a subject
            subject with slash       | {"subjects": "01/../02"}                            | subjects[0] | "01/../02" is not a plain token
            subject with whitespace  | {"subjects": "sub 01"}                              | subjects[0] | "sub 01" is not a plain token
            subject with control     | {"subjects": "sub-01\\u0007"}                       | subjects[0] | "sub-01\\u0007" is not a plain token
            subject not a BIDS label | {"subjects": "sub-01_x"}                            | subjects[0] | "sub-01_x" is not a subject (expected e.g. "sub-01" or "01": letters and digits, at most 64)
            subject far too long     | {"subjects": "0123456789012345678901234567890123456789012345678901234567890123456789"} | subjects[0] | is not a subject
            started by a control     | {"subjects": "01", "startedBy": "ada\\u0007"}      | startedBy   | must be printable text
            startedBy wrong type     | {"subjects": "01", "startedBy": 7}                  | startedBy   | must be a string, not 7
            all mixed with ids       | {"subjects": ["all", "01"]}                         | subjects    | "all" cannot be combined
            filter wrong type        | {"subjects": "01", "filters": {"ses": 4}}           | filters.ses | must be a string or a list of strings, not 4
            filter item wrong type   | {"subjects": "01", "filters": {"ses": ["04", null]}} | filters.ses[1] | must be a string, not null
            filter value with slash  | {"subjects": "01", "filters": {"task": "a/b"}}      | filters.task[0] | "a/b" is not a plain token
            filter value with dots   | {"subjects": "01", "filters": {"desc": ["x", ".."]}} | filters.desc[1] | ".." is not a plain token
            filter value empty       | {"subjects": "01", "filters": {"suffix": ""}}       | filters.suffix[0] | must not be empty
            filters not an object    | {"subjects": "01", "filters": "ses"}                | filters     | must be an object
            include flag wrong type  | {"subjects": "01", "include": {"raw": "yes"}}       | include.raw | must be true or false, not "yes"
            unknown embedding model  | {"subjects": "01", "include": {"embeddings": "clip"}} | include.embeddings[0] | unknown embedding model "clip"; available: CLIP, DINOv2, PEcore, SigLIP2
            embedding wrong type     | {"subjects": "01", "include": {"embeddings": 3}}    | include.embeddings | must be a string or a list of strings, not 3
            all mixed with models    | {"subjects": "01", "include": {"embeddings": ["all", "CLIP"]}} | include.embeddings | "all" cannot be combined
            dryRun wrong type        | {"subjects": "01", "dryRun": "false"}               | dryRun      | must be true or false
            rawOnly wrong type       | {"subjects": "01", "rawOnly": 1}                    | rawOnly     | must be true or false, not 1
            run outside raw-only     | {"subjects": "01", "filters": {"run": "01"}}        | filters.run | is a filter of the raw-only download only ("rawOnly": true)
            echo outside raw-only    | {"subjects": "01", "rawOnly": false, "filters": {"echo": "1"}} | filters.echo | is a filter of the raw-only download only
            part outside raw-only    | {"subjects": "01", "filters": {"part": "mag"}}      | filters.part | is a filter of the raw-only download only
            space in raw-only        | {"subjects": "01", "rawOnly": true, "filters": {"space": "T1w"}} | filters.space | is not a filter of a raw-only download, which takes ses, task, run, echo, part, suffix, extension
            desc in raw-only         | {"subjects": "01", "rawOnly": true, "filters": {"desc": []}}     | filters.desc  | is not a filter of a raw-only download
            stat in raw-only         | {"subjects": "01", "rawOnly": true, "filters": {"stat": "effect"}} | filters.stat | is not a filter of a raw-only download
            raw-only filter value    | {"subjects": "01", "rawOnly": true, "filters": {"run": "a/b"}}   | filters.run[0] | "a/b" is not a plain token
            stimuli in raw-only      | {"subjects": "01", "rawOnly": true, "include": {"stimuli": true}}        | include.stimuli       | is not part of a raw-only download, which brings only the dataset files and each subject's raw tree
            embeddings in raw-only   | {"subjects": "01", "rawOnly": true, "include": {"embeddings": "CLIP"}}   | include.embeddings    | is not part of a raw-only download
            captions in raw-only     | {"subjects": "01", "rawOnly": true, "include": {"captions": true}}       | include.captions      | is not part of a raw-only download
            segmentations in raw-only | {"subjects": "01", "rawOnly": true, "include": {"segmentations": true}} | include.segmentations | is not part of a raw-only download
            freesurfer in raw-only   | {"subjects": "01", "rawOnly": true, "include": {"freesurfer": true}}     | include.freesurfer    | is not part of a raw-only download
            anatomical in raw-only   | {"subjects": "01", "rawOnly": true, "include": {"anatomical": true}}     | include.anatomical    | is not part of a raw-only download
            raw in raw-only          | {"subjects": "01", "rawOnly": true, "include": {"raw": true}}            | include.raw           | is not part of a raw-only download
            localizers in raw-only   | {"subjects": "01", "rawOnly": true, "include": {"localizers": true}}     | include.localizers    | is not part of a raw-only download
            raw-only needs subjects  | {"rawOnly": true, "filters": {"run": "01"}}         | subjects    | is required (a subject id, a list of them, or "all")
            null subjects            | {"subjects": null}                                  | subjects    | is required (a subject id, a list of them, or "all")
            no subjects, no stimulus file | {"include": {"embeddings": false, "freesurfer": true}} | subjects | is required (a subject id, a list of them, or "all")
            no subjects with a filter | {"include": {"embeddings": "CLIP"}, "filters": {"ses": "04"}} | subjects | is required with filters.ses (only a request for nothing but stimulus files
            no subjects, empty filter | {"include": {"captions": true}, "filters": {"suffix": []}}   | subjects | is required with filters.suffix
            no subjects, subject-level | {"include": {"segmentations": true, "anatomical": true}}    | subjects | is required with include.anatomical
            no subjects, raw include | {"include": {"stimuli": true, "raw": true}}         | subjects    | is required with include.raw
            """)
    void rejectsBadInputNamingTheField(String rule, String json, String field, String message) {
        assertThatThrownBy(() -> parser.parse(json))
                .as(rule)
                .isInstanceOfSatisfying(InvalidRequest.class, error -> {
                    assertThat(error.field()).isEqualTo(field);
                    assertThat(error.errorName()).isEqualTo("InvalidRequest");
                    assertThat(error.getMessage()).startsWith(field + ": ").contains(message);
                });
    }
}
