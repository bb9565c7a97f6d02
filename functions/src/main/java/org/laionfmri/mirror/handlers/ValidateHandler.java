package org.laionfmri.mirror.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.laionfmri.mirror.request.RequestJson;

/** Validate: the execution input must be a valid request; its canonical form goes on to the other steps. */
public final class ValidateHandler extends JsonHandler {

    public ValidateHandler() {
        this(environmentServices());
    }

    public ValidateHandler(MirrorServices services) {
        super(services);
    }

    @Override
    protected Object handle(JsonNode event, Context context) {
        RequestJson requests = new RequestJson(services().json());
        return Map.of("request", requests.write(requests.parse(event)));
    }
}
