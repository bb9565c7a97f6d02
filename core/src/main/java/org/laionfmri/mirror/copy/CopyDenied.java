package org.laionfmri.mirror.copy;

/** The store refused a copy by policy (AccessDenied): recorded, not retried. */
public final class CopyDenied extends RuntimeException {

    public CopyDenied(String message, Throwable cause) {
        super(message, cause);
    }
}
