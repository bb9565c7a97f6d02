package org.laionfmri.mirror.request;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.laionfmri.mirror.error.InvalidRequest;

/**
 * What to mirror: the execution input of a run, and what the command line builds. Every value is
 * validated as it is set, and the values together when built, so a built request is known good.
 * Immutable; build with {@link #builder()}.
 */
public final class MirrorRequest {

    private final SubjectSelection subjects;
    private final Filters filters;
    private final Includes includes;
    private final boolean rawOnly;
    private final boolean dryRun;
    private final String startedBy;

    private MirrorRequest(Builder builder, SubjectSelection subjects, Includes includes) {
        this.subjects = subjects;
        this.filters = builder.filters;
        this.includes = includes;
        this.rawOnly = builder.rawOnly;
        this.dryRun = builder.dryRun;
        this.startedBy = builder.startedBy;
    }

    public static Builder builder() {
        return new Builder();
    }

    public SubjectSelection subjects() {
        return subjects;
    }

    public Filters filters() {
        return filters;
    }

    public Includes includes() {
        return includes;
    }

    /**
     * Whether this is upstream's raw-only download ({@code download_raw()}): the dataset files and each
     * subject's raw tree, with its own filters, and no include option.
     */
    public boolean rawOnly() {
        return rawOnly;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Who started the run (a caller identity, or {@code schedule}); null when not said, e.g. a run started from the console. */
    public String startedBy() {
        return startedBy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MirrorRequest that
                && subjects.equals(that.subjects)
                && filters.equals(that.filters)
                && includes.equals(that.includes)
                && rawOnly == that.rawOnly
                && dryRun == that.dryRun
                && Objects.equals(startedBy, that.startedBy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subjects, filters, includes, rawOnly, dryRun, startedBy);
    }

    @Override
    public String toString() {
        return "MirrorRequest[subjects=" + subjects + ", filters=" + filters + ", includes=" + includes
                + ", rawOnly=" + rawOnly + ", dryRun=" + dryRun + ", startedBy=" + startedBy + "]";
    }

    /** Collects and validates request values; throws {@code InvalidRequest} naming the field. */
    public static final class Builder {
        static final int STARTED_BY_LIMIT = 256;
        private SubjectSelection subjects;
        private Filters filters = Filters.none();
        private boolean stimuli;
        private Set<EmbeddingModel> embeddings = Set.of();
        private boolean captions;
        private boolean segmentations;
        private boolean freesurfer;
        private boolean anatomical;
        private boolean raw;
        private boolean localizers;
        private boolean rawOnly;
        private boolean dryRun;
        private String startedBy;

        private Builder() {}

        /**
         * Subject ids ({@code "01"}, {@code "sub-01"}) or the single value {@code "all"}; left unset, the
         * request names no subject, which only a request for stimulus files alone may do.
         */
        public Builder subjects(List<String> values) {
            this.subjects = SubjectSelection.of(values);
            return this;
        }

        public Builder filter(FilterField field, List<String> values) {
            this.filters = filters.with(field, values);
            return this;
        }

        public Builder includeStimuli(boolean include) {
            this.stimuli = include;
            return this;
        }

        /** Embedding model labels; {@code ["all"]} means every model, an empty list none. */
        public Builder includeEmbeddings(List<String> labels) {
            this.embeddings = Includes.embeddingModels(labels);
            return this;
        }

        public Builder includeCaptions(boolean include) {
            this.captions = include;
            return this;
        }

        public Builder includeSegmentations(boolean include) {
            this.segmentations = include;
            return this;
        }

        public Builder includeFreesurfer(boolean include) {
            this.freesurfer = include;
            return this;
        }

        public Builder includeAnatomical(boolean include) {
            this.anatomical = include;
            return this;
        }

        public Builder includeRaw(boolean include) {
            this.raw = include;
            return this;
        }

        public Builder includeLocalizers(boolean include) {
            this.localizers = include;
            return this;
        }

        /** Upstream's {@code download_raw()} instead of {@code download()}; see {@link MirrorRequest#rawOnly()}. */
        public Builder rawOnly(boolean rawOnly) {
            this.rawOnly = rawOnly;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Who starts the run: printable text of at most {@value #STARTED_BY_LIMIT} characters; null when not said. */
        public Builder startedBy(String startedBy) {
            if (startedBy != null && (startedBy.isBlank() || startedBy.length() > STARTED_BY_LIMIT
                    || startedBy.codePoints().anyMatch(Character::isISOControl))) {
                throw new InvalidRequest("startedBy", "must be printable text of 1 to " + STARTED_BY_LIMIT + " characters");
            }
            this.startedBy = startedBy;
            return this;
        }

        /** Checks the values together: the filters the download takes, and when subjects may be left out. */
        public MirrorRequest build() {
            Includes includes = new Includes(stimuli, embeddings, captions, segmentations, freesurfer, anatomical, raw, localizers);
            filters.requireTakenBy(rawOnly);
            List<String> included = includes.set();
            if (rawOnly && !included.isEmpty()) {
                throw new InvalidRequest("include." + included.get(0),
                        "is not part of a raw-only download, which brings only the dataset files and each subject's raw tree");
            }
            return new MirrorRequest(this, subjects != null ? subjects : noSubjects(includes), includes);
        }

        /** Only a request for stimulus files alone may leave subjects out, as upstream's standalone stimulus downloads do. */
        private SubjectSelection noSubjects(Includes includes) {
            if (!includes.anyStimulusFiles()) {
                throw new InvalidRequest("subjects", "is required (a subject id, a list of them, or \"all\")");
            }
            Optional<String> subjectLevel = Stream.concat(
                    filters.active().keySet().stream().map(field -> "filters." + field.fieldName()),
                    includes.set().stream().filter(Includes.SUBJECT_LEVEL::contains).map(name -> "include." + name))
                    .findFirst();
            if (subjectLevel.isPresent()) {
                throw new InvalidRequest("subjects", "is required with " + subjectLevel.get() + " (only a request for nothing but"
                        + " stimulus files, embeddings, captions, segmentations or stimuli, may name no subject)");
            }
            return SubjectSelection.none();
        }
    }
}
