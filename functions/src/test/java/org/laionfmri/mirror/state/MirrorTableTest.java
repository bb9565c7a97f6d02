package org.laionfmri.mirror.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.licence.Cc0Licence;
import org.laionfmri.mirror.state.dynamo.DynamoMirrorState;
import org.laionfmri.mirror.testing.LocalDynamo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The state table against a real DynamoDB API (dynalite). */
class MirrorTableTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

    private static LocalDynamo dynamo;
    private static DynamoDbClient client;
    private static int tables;
    private DynamoMirrorState table;

    @BeforeAll
    static void startDynalite() {
        dynamo = LocalDynamo.start(null);
        client = dynamo.client();
    }

    @AfterAll
    static void stopDynalite() {
        dynamo.close();
    }

    @BeforeEach
    void freshTable() {
        table = new DynamoMirrorState(client, "mirror-state-" + ++tables);
        table.createIfMissing();
    }

    @Test
    void theLicenceGateFailsUntilAcceptedAndTheFirstAcceptanceStands() {
        Cc0Licence licence = new Cc0Licence(table, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(licence::requireAccepted)
                .isInstanceOf(LicenseNotAccepted.class)
                .hasMessageContaining("laion-mirror accept-license");

        LicenceAcceptance first = licence.accept("arn:aws:iam::123456789012:user/it", "Ada Lovelace");
        LicenceAcceptance second = new Cc0Licence(table, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)).accept("someone-else", "Eve");

        assertThat(first).isEqualTo(new LicenceAcceptance("arn:aws:iam::123456789012:user/it", "Ada Lovelace", NOW, Cc0Licence.textSha256()));
        assertThat(second).isEqualTo(first);
        assertThat(licence.requireAccepted()).isEqualTo(first);
        assertThat(Cc0Licence.text()).contains("CC0 1.0").contains("NOT covered by CC0");
    }

    @Test
    void storesReplacesAndForgetsTheStimulusAccess() {
        assertThat(table.access()).isEmpty();

        table.saveAccess(new StimulusAccess("lfm_first", "a@example.org", "v1", NOW));
        table.saveAccess(new StimulusAccess("lfm_second", "b@example.org", "v2", NOW.plusSeconds(1)));

        assertThat(table.access()).contains(new StimulusAccess("lfm_second", "b@example.org", "v2", NOW.plusSeconds(1)));
        assertThat(table.access().orElseThrow().toString()).doesNotContain("lfm_");
        table.forgetAccess();
        assertThat(table.access()).isEmpty();
    }

    @Test
    void aRunIsStartedOnceAndFinishedOnce() {
        table.startRun(RunRecord.started("run-1", "{\"subjects\":\"all\"}", "ada", NOW));
        table.startRun(RunRecord.started("run-1", "{\"subjects\":\"changed\"}", "bob", NOW.plusSeconds(5)));

        boolean finished = table.finishRun("run-1", RunStatus.SUCCEEDED, NOW.plusSeconds(60),
                Map.of("copied", 3L, "bytesCopied", 300L), "_mirror/runs/run-1/report.json", null);
        boolean refinished = table.finishRun("run-1", RunStatus.FAILED, NOW.plusSeconds(90), Map.of(), null, "IntegrityError");

        assertThat(finished).isTrue();
        assertThat(refinished).isFalse();
        assertThat(table.run("run-1")).contains(new RunRecord("run-1", "{\"subjects\":\"all\"}", "ada", RunStatus.SUCCEEDED, NOW,
                NOW.plusSeconds(60), Map.of("copied", 3L, "bytesCopied", 300L), "_mirror/runs/run-1/report.json", null, RunRecord.Progress.NONE));
        assertThat(table.run("run-2")).isEmpty();
    }

    @Test
    void listsRunsInIdOrder() {
        table.startRun(RunRecord.started("2026-11-25T08-00-00Z-b", "{}", null, NOW));
        table.startRun(RunRecord.started("2026-11-24T08-00-00Z-a", "{}", null, NOW));

        assertThat(table.runs()).extracting(RunRecord::runId).containsExactly("2026-11-24T08-00-00Z-a", "2026-11-25T08-00-00Z-b");
    }

    @Test
    void keepsItsDataInAFolderAcrossRestarts(@TempDir Path data) {
        try (LocalDynamo persistent = LocalDynamo.start(data)) {
            DynamoMirrorState stored = new DynamoMirrorState(persistent.client(), "mirror-state");
            stored.createIfMissing();
            new Cc0Licence(stored, Clock.fixed(NOW, ZoneOffset.UTC)).accept("local-user", "Ada");
        }
        try (LocalDynamo restarted = LocalDynamo.start(data)) {
            DynamoMirrorState reopened = new DynamoMirrorState(restarted.client(), "mirror-state");
            reopened.createIfMissing();
            assertThat(reopened.licence()).map(LicenceAcceptance::name).contains("Ada");
        }
    }
}
