package org.laionfmri.mirror.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * Where a run's time went: the seconds spent in each state of its execution, in the order the states
 * were first entered (a state entered again adds up), from the execution's history. Only state names
 * and times are read: the history is asked for without the inputs and outputs it would also hold.
 */
final class RunPhases {

    private RunPhases() {}

    /**
     * {@code {"Validate": 0.04, "Plan": 1.2, ...}}: seconds by state name, to the millisecond; empty when
     * the caller may not read the history (states:GetExecutionHistory): the run is shown without it.
     */
    static Optional<ObjectNode> of(SfnClient workflow, String executionArn) {
        try {
            return Optional.of(spent(workflow.getExecutionHistoryPaginator(history -> history.executionArn(executionArn).includeExecutionData(false))
                    .events()));
        } catch (SfnException e) {
            if (e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static ObjectNode spent(Iterable<HistoryEvent> history) {
        Map<String, Instant> entered = new HashMap<>();
        Map<String, Duration> spent = new LinkedHashMap<>();
        for (HistoryEvent event : history) {
            if (event.stateEnteredEventDetails() != null) {
                entered.put(event.stateEnteredEventDetails().name(), event.timestamp());
                spent.putIfAbsent(event.stateEnteredEventDetails().name(), Duration.ZERO);
            } else if (event.stateExitedEventDetails() != null) {
                String state = event.stateExitedEventDetails().name();
                Instant since = entered.remove(state);
                if (since != null) {
                    spent.merge(state, Duration.between(since, event.timestamp()), Duration::plus);
                }
            }
        }
        ObjectNode phases = JsonNodeFactory.instance.objectNode();
        spent.forEach((state, time) -> phases.put(state, BigDecimal.valueOf(time.toMillis(), 3)));
        return phases;
    }
}
