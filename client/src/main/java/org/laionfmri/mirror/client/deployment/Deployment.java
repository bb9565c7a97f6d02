package org.laionfmri.mirror.client.deployment;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.laionfmri.mirror.state.dynamo.DynamoMirrorState;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.storage.MirrorBucket;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Where a mirror's workflow runs and keeps its state, as the client reaches it: a deployed stack (found
 * through its CloudFormation outputs) or a local deployment on this machine (whose endpoints stand in
 * for the outputs). Every command speaks to either through the same AWS SDK clients.
 */
public interface Deployment extends AutoCloseable {

    /** The Step Functions API running the workflow. */
    SfnClient workflow();

    String stateMachineArn();

    /** The execution of run {@code runId} (runs are executions named by their run id). */
    default String executionArn(String runId) {
        return stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + runId;
    }

    /** The mirror's state: licence, stimulus access, runs, the lease. */
    DynamoMirrorState table();

    /** Stores the stimulus access (replacing any earlier one, of which no copy is kept). */
    void saveAccess(StimulusAccess access);

    /** Forgets the stimulus access: no copy of the request_id is kept. */
    void forgetAccess();

    /** The mirror's bucket, where runs keep their plans and reports. */
    MirrorBucket mirror();

    /** Who is acting, as recorded with an acceptance or a run: an IAM principal's ARN, or the local user. */
    String caller();

    /** The AWS region the mirror is in, for the cost of copying into it; empty when it is not in AWS (a directory, an on-premises store). */
    Optional<Region> awsRegion();

    /** The deployment as people name it: "the stack LaionFmriMirror in eu-west-1", "the mirror /data/laion". */
    String describe();

    /** Where a mirror key is, as people reach it: an s3:// URI, or a file of a mirror directory. */
    String locate(String key);

    /** Whether a run lives in this process (the local engine) rather than in AWS. */
    boolean inProcess();

    /**
     * Waits up to {@code upTo} for an execution to end, and no longer once it has: between two looks at
     * a run, so a local run's end is seen at once.
     */
    void awaitEnd(String executionArn, Duration upTo) throws InterruptedException;

    /** The state transitions of an execution and of its map runs' children, when the engine can count them (the local one). */
    OptionalLong stateTransitions(String executionArn);

    @Override
    void close();
}
