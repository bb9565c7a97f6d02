package org.laionfmri.mirror.state.dynamo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.laionfmri.mirror.state.Lease;
import org.laionfmri.mirror.state.LicenceAcceptance;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.state.StimulusAccess;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The state table's items read as the port's records: one place for the table and for a migration
 * reading the items an earlier local mirror kept (the same items, in dynalite).
 */
public final class StateItems {

    private StateItems() {}

    public static LicenceAcceptance licence(Map<String, AttributeValue> item) {
        return new LicenceAcceptance(string(item, "acceptedBy"), string(item, "name"), Instant.parse(string(item, "acceptedAt")),
                string(item, "licenceTextSha256"));
    }

    public static StimulusAccess access(Map<String, AttributeValue> item) {
        return new StimulusAccess(string(item, "requestId"), string(item, "email"), string(item, "termsVersion"),
                Instant.parse(string(item, "savedAt")));
    }

    public static Lease lease(Map<String, AttributeValue> item) {
        return new Lease(string(item, "runId"), Instant.ofEpochSecond(Long.parseLong(item.get("expiresAt").n())));
    }

    public static RunRecord run(Map<String, AttributeValue> item) {
        Map<String, Long> totals = new LinkedHashMap<>();
        AttributeValue totalValues = item.get("totals");
        if (totalValues != null && totalValues.hasM()) {
            totalValues.m().forEach((name, value) -> totals.put(name, Long.parseLong(value.n())));
        }
        String endedAt = string(item, "endedAt");
        return new RunRecord(string(item, "sk"), string(item, "request"), string(item, "startedBy"), RunStatus.valueOf(string(item, "status")),
                Instant.parse(string(item, "startedAt")), endedAt == null ? null : Instant.parse(endedAt), totals,
                string(item, "reportKey"), string(item, "error"), new RunRecord.Progress(number(item, "toCopy", -1), number(item, "bytesToCopy", -1),
                        number(item, "progressCopied", 0), number(item, "progressBytes", 0)));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? null : value.s();
    }

    private static long number(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : Long.parseLong(value.n());
    }
}
