package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event of an execution's history, as GetExecutionHistory lists them: {@code type} is the AWS event
 * type ({@code ExecutionStarted}, {@code TaskStateEntered}, {@code LambdaFunctionFailed}, {@code
 * MapRunStarted}, ...), {@code details} its type-specific fields (for example {@code {"name": "Plan",
 * "input": "..."}} for a state entered), shaped as the API's {@code <type>EventDetails} member.
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, JsonNode details) {}
