package org.laionfmri.mirror.run;

/**
 * A failure a run's step caught: which part of the run ({@code null} for the steps before the copy,
 * whose error names say which they are; {@code Copy} or {@code Stimuli} for the two parts that run side
 * by side), the error's short name, and its message.
 */
public record StepError(String step, String error, String cause) {

    /** {@code org.laionfmri.mirror.error.LicenseNotAccepted} reads as {@code LicenseNotAccepted}; Step Functions' own names stay whole. */
    public static String shortName(String error) {
        return error.startsWith("States.") || error.startsWith("Lambda.") ? error : error.substring(error.lastIndexOf('.') + 1);
    }
}
