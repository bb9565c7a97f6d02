package org.laionfmri.mirror.error;

/** The request is malformed: raised before anything is listed or copied. */
public final class InvalidRequestException extends MirrorException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The request field at fault, as a path such as {@code filters.ses[1]}. */
    public String field() {
        return field;
    }
}
