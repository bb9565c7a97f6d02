package org.laionfmri.mirror.client.commands;

import java.util.List;
import org.laionfmri.mirror.request.FilterField;
import org.laionfmri.mirror.request.MirrorRequest;
import picocli.CommandLine.Option;

/**
 * The upstream CLI's selection flags, turned into a request: its {@code download} (the subject, the
 * BIDS filters, the includes), its {@code download_raw} ({@code --raw-only}, with {@code --run},
 * {@code --echo}, {@code --part}), and its standalone stimulus downloads (an include with no subject).
 */
final class SelectionOptions {

    @Option(names = "--subject", arity = "1..*", paramLabel = "ID",
            description = "Subjects to mirror: ids such as sub-01 or 01, or all (none: stimulus files alone, e.g. --include-embeddings).")
    List<String> subjects;

    @Option(names = "--raw-only", description = "Upstream's download_raw: the dataset files and each subject's raw tree alone.")
    boolean rawOnly;

    @Option(names = "--run", arity = "1..*", paramLabel = "RUN", description = "With --raw-only: BIDS run labels.")
    List<String> run;

    @Option(names = "--echo", arity = "1..*", paramLabel = "ECHO", description = "With --raw-only: BIDS echo labels.")
    List<String> echo;

    @Option(names = "--part", arity = "1..*", paramLabel = "PART", description = "With --raw-only: BIDS part labels (mag, phase).")
    List<String> part;

    @Option(names = "--ses", arity = "1..*", paramLabel = "SES", description = "Sessions (04 or ses-04); averages for the subject-level maps.")
    List<String> ses;

    @Option(names = "--task", arity = "1..*", paramLabel = "TASK", description = "BIDS task labels.")
    List<String> task;

    @Option(names = "--space", arity = "1..*", paramLabel = "SPACE", description = "BIDS space labels.")
    List<String> space;

    @Option(names = "--desc", arity = "1..*", paramLabel = "DESC", description = "BIDS desc labels.")
    List<String> desc;

    @Option(names = "--stat", arity = "1..*", paramLabel = "STAT", description = "BIDS stat labels.")
    List<String> stat;

    @Option(names = "--suffix", arity = "1..*", paramLabel = "SUFFIX", description = "File suffixes (statmap, mask, ...).")
    List<String> suffix;

    @Option(names = "--extension", arity = "1..*", paramLabel = "EXT", description = "File extensions without the dot (nii.gz, json, ...).")
    List<String> extension;

    @Option(names = "--include-stimuli", description = "Also fetch the stimulus images from the access service (DUA terms).")
    boolean stimuli;

    @Option(names = "--include-embeddings", arity = "0..*", paramLabel = "MODEL",
            description = "Stimulus embeddings: CLIP, DINOv2, PEcore, SigLIP2; no value means all.")
    List<String> embeddings;

    @Option(names = "--include-captions", description = "Stimulus captions.")
    boolean captions;

    @Option(names = "--include-segmentations", description = "Stimulus segmentations and their metadata.")
    boolean segmentations;

    @Option(names = "--include-freesurfer", description = "Each subject's FreeSurfer tree.")
    boolean freesurfer;

    @Option(names = "--include-anatomical", description = "Each subject's anatomical images.")
    boolean anatomical;

    @Option(names = "--include-raw", description = "Each subject's raw BIDS data (filtered like the derivatives).")
    boolean raw;

    @Option(names = "--include-localizers", description = "Each subject's localizer maps.")
    boolean localizers;

    MirrorRequest.Builder toRequest() {
        MirrorRequest.Builder builder = MirrorRequest.builder()
                .rawOnly(rawOnly)
                .includeStimuli(stimuli)
                .includeCaptions(captions)
                .includeSegmentations(segmentations)
                .includeFreesurfer(freesurfer)
                .includeAnatomical(anatomical)
                .includeRaw(raw)
                .includeLocalizers(localizers);
        if (subjects != null) {
            builder.subjects(subjects);
        }
        if (embeddings != null) {
            builder.includeEmbeddings(embeddings.isEmpty() ? List.of("all") : embeddings);
        }
        filter(builder, FilterField.SES, ses);
        filter(builder, FilterField.TASK, task);
        filter(builder, FilterField.SPACE, space);
        filter(builder, FilterField.DESC, desc);
        filter(builder, FilterField.STAT, stat);
        filter(builder, FilterField.SUFFIX, suffix);
        filter(builder, FilterField.EXTENSION, extension);
        filter(builder, FilterField.RUN, run);
        filter(builder, FilterField.ECHO, echo);
        filter(builder, FilterField.PART, part);
        return builder;
    }

    private static void filter(MirrorRequest.Builder builder, FilterField field, List<String> values) {
        if (values != null) {
            builder.filter(field, values);
        }
    }
}
