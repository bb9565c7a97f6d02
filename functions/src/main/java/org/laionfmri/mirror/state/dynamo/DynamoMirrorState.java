package org.laionfmri.mirror.state.dynamo;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laionfmri.mirror.error.MirrorBusy;
import org.laionfmri.mirror.error.Redaction;
import org.laionfmri.mirror.state.Lease;
import org.laionfmri.mirror.state.LicenceAcceptance;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.state.StimulusAccess;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The mirror's {@link MirrorState} in one DynamoDB table (single-table design, keys {@code pk} and {@code sk}):
 *
 * <pre>
 * pk=LICENCE  sk=CC0       who accepted the CC0 licence, when, the text's sha256
 * pk=ACCESS   sk=STIMULI   the stimulus request id (secret), e-mail, terms version, saved when
 * pk=RUN      sk={runId}   one per run: request, status, totals, start/end, report, error, live progress
 * pk=LEASE    sk=MIRROR    the run holding the mirror, until when
 * </pre>
 *
 * Writes that two writers could race are conditional expressions.
 */
public final class DynamoMirrorState implements MirrorState, AutoCloseable {

    private static final String PK = "pk";
    private static final String SK = "sk";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoMirrorState(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /** Creates the table (on-demand) if it does not exist, on a DynamoDB API outside AWS (tests); the stack creates it in AWS. */
    public void createIfMissing() {
        try {
            dynamo.createTable(create -> create.tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamo.waiter().waitUntilTableExists(describe -> describe.tableName(tableName));
    }

    @Override
    public Optional<LicenceAcceptance> licence() {
        return get("LICENCE", "CC0").map(StateItems::licence);
    }

    @Override
    public LicenceAcceptance acceptLicence(LicenceAcceptance acceptance) {
        Map<String, AttributeValue> item = key("LICENCE", "CC0");
        item.put("acceptedBy", s(acceptance.acceptedBy()));
        item.put("name", s(acceptance.name()));
        item.put("acceptedAt", s(acceptance.acceptedAt().toString()));
        item.put("licenceTextSha256", s(acceptance.licenceTextSha256()));
        try {
            dynamo.putItem(put -> put.tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)"));
            return acceptance;
        } catch (ConditionalCheckFailedException alreadyAccepted) {
            return licence().orElseThrow();
        }
    }

    /** The stimulus access stored; its request_id is redacted from then on from what this process says (see {@link Redaction}). */
    @Override
    public Optional<StimulusAccess> access() {
        Optional<StimulusAccess> access = get("ACCESS", "STIMULI").map(StateItems::access);
        access.ifPresent(stored -> Redaction.protect(stored.requestId()));
        return access;
    }

    /** Its request_id is redacted from then on from what this process says. */
    @Override
    public void saveAccess(StimulusAccess access) {
        Redaction.protect(access.requestId());
        Map<String, AttributeValue> item = key("ACCESS", "STIMULI");
        item.put("requestId", s(access.requestId()));
        item.put("email", s(access.email()));
        item.put("termsVersion", s(access.termsVersion()));
        item.put("savedAt", s(access.savedAt().toString()));
        dynamo.putItem(put -> put.tableName(tableName).item(item));
    }

    @Override
    public void forgetAccess() {
        dynamo.deleteItem(delete -> delete.tableName(tableName).key(key("ACCESS", "STIMULI")));
    }

    @Override
    public void startRun(RunRecord run) {
        Map<String, AttributeValue> item = key("RUN", run.runId());
        item.put("request", s(run.requestJson()));
        if (run.startedBy() != null) {
            item.put("startedBy", s(run.startedBy()));
        }
        item.put("status", s(run.status().name()));
        item.put("startedAt", s(run.startedAt().toString()));
        try {
            dynamo.putItem(put -> put.tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException alreadyStarted) {
            return;
        }
    }

    /** The error redacted: run records are for everyone who reads the mirror's history. */
    @Override
    public boolean finishRun(String runId, RunStatus status, Instant endedAt, Map<String, Long> totals, String reportKey, String error) {
        Map<String, AttributeValue> totalValues = new LinkedHashMap<>();
        totals.forEach((name, value) -> totalValues.put(name, n(value)));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(status.name()));
        values.put(":running", s(RunStatus.RUNNING.name()));
        values.put(":endedAt", s(endedAt.toString()));
        values.put(":totals", AttributeValue.fromM(totalValues));
        values.put(":report", reportKey == null ? AttributeValue.fromNul(true) : s(reportKey));
        values.put(":error", error == null ? AttributeValue.fromNul(true) : s(Redaction.redact(error)));
        try {
            dynamo.updateItem(update -> update.tableName(tableName).key(key("RUN", runId))
                    .updateExpression("SET #status = :status, endedAt = :endedAt, totals = :totals, reportKey = :report, #error = :error")
                    .conditionExpression("#status = :running")
                    .expressionAttributeNames(Map.of("#status", "status", "#error", "error"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notRunning) {
            return false;
        }
    }

    /** One conditional write, creating the item for a run that has none. */
    @Override
    public boolean endUnreported(RunRecord started, RunStatus status, Instant endedAt, String error) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(status.name()));
        values.put(":running", s(RunStatus.RUNNING.name()));
        values.put(":endedAt", s(endedAt.toString()));
        values.put(":error", s(Redaction.redact(error)));
        values.put(":startedAt", s(started.startedAt().toString()));
        values.put(":request", s(started.requestJson()));
        String update = "SET #status = :status, endedAt = :endedAt, #error = :error, startedAt = if_not_exists(startedAt, :startedAt),"
                + " #request = if_not_exists(#request, :request)";
        if (started.startedBy() != null) {
            values.put(":startedBy", s(started.startedBy()));
            update += ", startedBy = if_not_exists(startedBy, :startedBy)";
        }
        String expression = update;
        try {
            dynamo.updateItem(item -> item.tableName(tableName).key(key("RUN", started.runId()))
                    .updateExpression(expression)
                    .conditionExpression("attribute_not_exists(pk) OR #status = :running")
                    .expressionAttributeNames(Map.of("#status", "status", "#error", "error", "#request", "request"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException finishedAlready) {
            return false;
        }
    }

    @Override
    public void recordPlan(String runId, long toCopy, long bytesToCopy) {
        try {
            dynamo.updateItem(update -> update.tableName(tableName).key(key("RUN", runId))
                    .updateExpression("SET toCopy = :toCopy, bytesToCopy = :bytes")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":toCopy", n(toCopy), ":bytes", n(bytesToCopy))));
        } catch (ConditionalCheckFailedException noSuchRun) {
            return;
        }
    }

    @Override
    public void addProgress(String runId, long copied, long bytesCopied) {
        try {
            dynamo.updateItem(update -> update.tableName(tableName).key(key("RUN", runId))
                    .updateExpression("ADD progressCopied :copied, progressBytes :bytes")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":copied", n(copied), ":bytes", n(bytesCopied))));
        } catch (ConditionalCheckFailedException noSuchRun) {
            return; // a batch of a run whose item is gone: its totals still reach the report
        }
    }

    @Override
    public void acquireLease(String runId, Instant now, Instant expiresAt) {
        Map<String, AttributeValue> item = key("LEASE", "MIRROR");
        item.put("runId", s(runId));
        item.put("expiresAt", n(expiresAt.getEpochSecond()));
        try {
            dynamo.putItem(put -> put.tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now OR runId = :run")
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()), ":run", s(runId))));
        } catch (ConditionalCheckFailedException held) {
            throw new MirrorBusy(MirrorState.busy(lease().orElse(new Lease("(unknown)", now))));
        }
    }

    @Override
    public void releaseLease(String runId) {
        try {
            dynamo.deleteItem(delete -> delete.tableName(tableName).key(key("LEASE", "MIRROR"))
                    .conditionExpression("runId = :run")
                    .expressionAttributeValues(Map.of(":run", s(runId))));
        } catch (ConditionalCheckFailedException notHeld) {
            return;
        }
    }

    @Override
    public Optional<Lease> lease() {
        return get("LEASE", "MIRROR").map(StateItems::lease);
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return get("RUN", runId).map(StateItems::run);
    }

    @Override
    public List<RunRecord> runs() {
        return dynamo.queryPaginator(query -> query.tableName(tableName).consistentRead(true)
                        .keyConditionExpression("pk = :run")
                        .expressionAttributeValues(Map.of(":run", s("RUN"))))
                .items().stream().map(StateItems::run).toList();
    }

    /** Closes the table's client. */
    @Override
    public void close() {
        dynamo.close();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(tableName).key(key(pk, sk)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(PK, s(pk));
        key.put(SK, s(sk));
        return key;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
