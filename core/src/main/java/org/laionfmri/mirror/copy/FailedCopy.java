package org.laionfmri.mirror.copy;

/** An object that could not be copied after retries, and why in one line (the S3 error code, or the failure's class and message). */
public record FailedCopy(String key, String error) {}
