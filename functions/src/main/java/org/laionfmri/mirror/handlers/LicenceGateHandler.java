package org.laionfmri.mirror.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.laionfmri.mirror.state.LicenceAcceptance;

/**
 * LicenceGate: nothing is copied for a mirror whose CC0 licence acceptance is not recorded. In: {@code
 * {"dryRun"}}: a dry run copies nothing, so it needs no acceptance.
 */
public final class LicenceGateHandler extends JsonHandler {

    public LicenceGateHandler() {
        this(environmentServices());
    }

    public LicenceGateHandler(MirrorServices services) {
        super(services);
    }

    @Override
    protected Object handle(JsonNode event, Context context) {
        if (event.path("dryRun").asBoolean(false)) {
            return Map.of("dryRun", true);
        }
        LicenceAcceptance acceptance = services().licence().requireAccepted();
        return Map.of("acceptedBy", acceptance.acceptedBy(), "acceptedAt", acceptance.acceptedAt().toString());
    }
}
