package org.laionfmri.mirror.client.deployment;

import org.laionfmri.mirror.error.MirrorException;

/** The AWS SDK found no credentials (or no region) to reach a deployed stack with. */
public final class NoCredentials extends MirrorException {

    public NoCredentials(String message) {
        super(message);
    }
}
