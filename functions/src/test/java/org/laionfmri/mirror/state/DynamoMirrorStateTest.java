package org.laionfmri.mirror.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.licence.Cc0Licence;
import org.laionfmri.mirror.state.dynamo.DynamoMirrorState;
import org.laionfmri.mirror.testing.LocalDynamo;

/** The DynamoDB backend against a real DynamoDB API (dynalite, a test fixture): the contract, and what a table adds. */
class DynamoMirrorStateTest extends MirrorStateContract {

    private static LocalDynamo dynamo;
    private static int tables;

    @BeforeAll
    static void startDynalite() {
        dynamo = LocalDynamo.start(null);
    }

    @AfterAll
    static void stopDynalite() {
        dynamo.close();
    }

    /** A new table on the one server: the client is the server's, closed with it. */
    @Override
    protected MirrorState freshState() {
        DynamoMirrorState table = new DynamoMirrorState(dynamo.client(), "mirror-state-" + ++tables);
        table.createIfMissing();
        return table;
    }

    @Test
    void listsRunsInIdOrder() {
        state.startRun(RunRecord.started("2026-11-25T08-00-00Z-b", "{}", null, NOW));
        state.startRun(RunRecord.started("2026-11-24T08-00-00Z-a", "{}", null, NOW));

        assertThat(state.runs()).extracting(RunRecord::runId).containsExactly("2026-11-24T08-00-00Z-a", "2026-11-25T08-00-00Z-b");
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
