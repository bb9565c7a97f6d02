package org.laionfmri.mirror.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.laionfmri.mirror.stimuli.StimulusResult;

/** Stimuli: the restricted stimulus files, through the access service; what was checked and downloaded out. */
public final class StimuliHandler extends JsonHandler {

    public StimuliHandler() {
        this(environmentServices());
    }

    public StimuliHandler(MirrorServices services) {
        super(services);
    }

    @Override
    protected Object handle(JsonNode event, Context context) {
        Map<String, Long> requestsBefore = services().requests().snapshot();
        StimulusResult result = services().stimulusSync().sync();
        ObjectNode output = services().json().valueToTree(result);
        output.set("s3Requests", services().json().valueToTree(services().requests().since(requestsBefore)));
        return output;
    }
}
