package org.laionfmri.mirror.engine;

/**
 * An error raised while a state runs, named as Step Functions names it: {@code States.Runtime}, {@code
 * States.TaskFailed}, a Lambda function's error type (its exception's class name), or a Fail state's
 * error. Retry and Catch match on {@link #error()}.
 */
public final class StatesError extends RuntimeException {

    public static final String ALL = "States.ALL";
    public static final String RUNTIME = "States.Runtime";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    public static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";
    public static final String EXCEEDED_TOLERATED_FAILURES = "States.ExceedToleratedFailureThreshold";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";

    private final String error;
    private final String errorCause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.errorCause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return errorCause;
    }

    /** Whether an {@code ErrorEquals} name matches this error, with the wildcards' rules. */
    public boolean matches(String name) {
        if (error.equals(RUNTIME)) {
            return false; // States.Runtime is never retried or caught, even when named
        }
        return name.equals(error) || name.equals(ALL) || name.equals(TASK_FAILED) && !error.equals(TIMEOUT);
    }
}
