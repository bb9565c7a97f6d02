package org.laionfmri.mirror.error;

/** The request is malformed: raised before anything is listed or copied. */
public final class InvalidRequest extends MirrorException {

    private final String field;
    private final String problem;

    public InvalidRequest(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The request field at fault, as a path such as {@code filters.ses[1]}. */
    public String field() {
        return field;
    }

    /** What is wrong with the field's value. */
    public String problem() {
        return problem;
    }
}
