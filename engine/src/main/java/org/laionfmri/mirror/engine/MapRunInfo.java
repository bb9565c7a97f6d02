package org.laionfmri.mirror.engine;

import java.time.Instant;

/**
 * What DescribeMapRun tells of a Distributed Map's run: its status, settings, and counts of items and
 * child executions by status; {@code stateTransitions} adds up the transitions of its child executions.
 */
public record MapRunInfo(
        String mapRunArn,
        String executionArn,
        ExecutionStatus status,
        Instant startDate,
        Instant stopDate,
        int maxConcurrency,
        double toleratedFailurePercentage,
        long toleratedFailureCount,
        Counts itemCounts,
        Counts executionCounts,
        long stateTransitions) {

    /** Items or child executions by status; {@code resultsWritten} counts those whose results the ResultWriter wrote. */
    public record Counts(long pending, long running, long succeeded, long failed, long timedOut, long aborted, long total, long resultsWritten) {}
}
