package org.laionfmri.mirror.request;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.laionfmri.mirror.error.InvalidRequest;

/**
 * What to mirror: the execution input of a run, and what the command line builds. Every value is
 * validated as it is set, so a built request is known good. Immutable; build with {@link #builder()}.
 */
public final class MirrorRequest {

    private final SubjectSelection subjects;
    private final Filters filters;
    private final Includes includes;
    private final boolean dryRun;
    private final String startedBy;

    private MirrorRequest(Builder builder) {
        this.subjects = Objects.requireNonNull(builder.subjects, "subjects");
        this.filters = builder.filters;
        this.includes = new Includes(builder.stimuli, builder.embeddings, builder.captions, builder.segmentations,
                builder.freesurfer, builder.anatomical, builder.raw, builder.localizers);
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
                && dryRun == that.dryRun
                && Objects.equals(startedBy, that.startedBy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subjects, filters, includes, dryRun, startedBy);
    }

    @Override
    public String toString() {
        return "MirrorRequest[subjects=" + subjects + ", filters=" + filters + ", includes=" + includes
                + ", dryRun=" + dryRun + ", startedBy=" + startedBy + "]";
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
        private boolean dryRun;
        private String startedBy;

        private Builder() {}

        /** Subject ids ({@code "01"}, {@code "sub-01"}) or the single value {@code "all"}. */
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

        public MirrorRequest build() {
            if (subjects == null) {
                throw new InvalidRequest("subjects", "is required");
            }
            return new MirrorRequest(this);
        }
    }
}
