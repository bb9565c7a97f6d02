package org.laionfmri.mirror.engine;

import java.time.Instant;

/**
 * What DescribeExecution tells of an execution. Output, error and cause are null until it ends (and
 * then one side of them). {@code stateTransitions} counts the states entered by this execution, not
 * by its map runs' child executions (see {@link MapRunInfo}).
 */
public record ExecutionInfo(
        String executionArn,
        String stateMachineArn,
        String name,
        ExecutionStatus status,
        Instant startDate,
        Instant stopDate,
        String input,
        String output,
        String error,
        String cause,
        long stateTransitions) {}
