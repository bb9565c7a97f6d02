package org.laionfmri.mirror.client.operations;

import java.time.Clock;
import java.time.Instant;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.licence.Cc0Licence;
import org.laionfmri.mirror.state.LicenceAcceptance;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.stimuli.AccessForm;
import org.laionfmri.mirror.stimuli.AccessGrant;
import org.laionfmri.mirror.stimuli.AccessServiceClient;

/**
 * What a mirror holds for its runs besides them: the dataset's CC0 licence accepted, and the stimulus
 * access (a request_id) stored or forgotten. Each returns the mirror as people name it, for the command to say.
 */
public final class MirrorAccess {

    public record Accepted(LicenceAcceptance acceptance, String mirror) {}

    public record Granted(AccessGrant grant, String mirror) {}

    private MirrorAccess() {}

    /** Records that {@code name} (as the deployment's caller) accepts the CC0 licence; the mirror is made if it is not yet. */
    public static Accepted acceptLicence(MirrorTarget target, String name) {
        try (Deployment deployment = target.open(MirrorTarget.PUBLIC_SOURCE, true)) {
            return new Accepted(new Cc0Licence(deployment.state(), Clock.systemUTC()).accept(deployment.caller(), name), deployment.describe());
        }
    }

    /** Stores {@code access} for the mirror (made if it is not yet). */
    public static String storeAccess(MirrorTarget target, StimulusAccess access) {
        try (Deployment deployment = target.open(MirrorTarget.PUBLIC_SOURCE, true)) {
            deployment.state().saveAccess(access);
            return deployment.describe();
        }
    }

    /** Forgets the mirror's stored access; the mirror must exist. */
    public static String forgetAccess(MirrorTarget target) {
        try (Deployment deployment = target.open(MirrorTarget.PUBLIC_SOURCE, false)) {
            deployment.state().forgetAccess();
            return deployment.describe();
        }
    }

    /** Sends the Data Use Agreement form to {@code service} and stores the request_id it grants for the mirror. */
    public static Granted requestAccess(MirrorTarget target, AccessServiceClient service, AccessForm form) {
        // the deployment is opened before the form is sent: a request_id granted must have somewhere to go
        try (Deployment deployment = target.open(MirrorTarget.PUBLIC_SOURCE, true)) {
            AccessGrant grant = service.requestAccess(form);
            deployment.state().saveAccess(new StimulusAccess(grant.requestId(), form.email(), form.termsVersion(), Instant.now()));
            return new Granted(grant, deployment.describe());
        }
    }
}
