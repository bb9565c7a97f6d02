package org.laionfmri.mirror.client.commands;

import org.laionfmri.mirror.error.MirrorException;

/** A pull that wrote what it could, but not every file selected: each one missing was said, with why. */
final class PullIncomplete extends MirrorException {

    PullIncomplete(String message) {
        super(message);
    }
}
