package org.laionfmri.mirror.run;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run's time went, from its execution's history: the time spent in each state, in the order the
 * states were first entered; a state entered again (a retried batch) adds up. Only state names and times
 * are read, never the inputs and outputs the history also holds.
 */
public final class Phases {

    private final Map<String, Instant> entered = new HashMap<>();
    private final Map<String, Duration> spent = new LinkedHashMap<>();

    public void entered(String state, Instant at) {
        entered.put(state, at);
        spent.putIfAbsent(state, Duration.ZERO);
    }

    public void exited(String state, Instant at) {
        Instant since = entered.remove(state);
        if (since != null) {
            spent.merge(state, Duration.between(since, at), Duration::plus);
        }
    }

    public Map<String, Duration> spent() {
        return new LinkedHashMap<>(spent);
    }
}
