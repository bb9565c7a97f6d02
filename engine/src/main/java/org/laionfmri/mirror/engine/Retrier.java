package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One Retry entry: the errors it retries, how often ({@code MaxAttempts}, default 3), and how long to
 * wait: {@code IntervalSeconds} (default 1) times {@code BackoffRate} (default 2.0) per retry, capped
 * at {@code MaxDelaySeconds}, drawn uniformly below that with {@code JitterStrategy} FULL.
 */
record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate, double maxDelaySeconds, boolean fullJitter) {

    private static final Set<String> FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy");

    static Retrier parse(String where, JsonNode retry) {
        States.allowOnly(where, retry, FIELDS);
        String jitter = retry.path("JitterStrategy").asText("NONE");
        if (!jitter.equals("NONE") && !jitter.equals("FULL")) {
            throw new DefinitionException(where + ".JitterStrategy", "must be FULL or NONE");
        }
        return new Retrier(States.errorEquals(where, retry), retry.path("IntervalSeconds").asDouble(1), retry.path("MaxAttempts").asInt(3),
                retry.path("BackoffRate").asDouble(2.0), retry.path("MaxDelaySeconds").asDouble(Double.MAX_VALUE), jitter.equals("FULL"));
    }

    boolean retries(StatesError error) {
        return errorEquals.stream().anyMatch(error::matches);
    }

    /** The wait before retry number {@code retry} (0 for the first). */
    Duration delay(int retry) {
        double seconds = Math.min(intervalSeconds * Math.pow(backoffRate, retry), maxDelaySeconds);
        if (fullJitter) {
            seconds = ThreadLocalRandom.current().nextDouble(0, seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
