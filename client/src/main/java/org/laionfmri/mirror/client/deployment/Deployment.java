package org.laionfmri.mirror.client.deployment;

import java.util.Optional;
import org.laionfmri.mirror.run.Runs;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.storage.ObjectStore;
import software.amazon.awssdk.regions.Region;

/**
 * Where a mirror's workflow runs and keeps its state, as the client reaches it through the ports: a
 * deployed stack (Step Functions, DynamoDB and S3, found through its CloudFormation outputs) or a mirror
 * on this machine (the local engine in this process, the state file, the directory or bucket itself).
 */
public interface Deployment extends AutoCloseable {

    /** Where runs execute. */
    Runs runs();

    /** The mirror's state: licence, stimulus access, runs, the lease. */
    MirrorState state();

    /** The mirror's store, where runs keep their plans and reports. */
    ObjectStore mirror();

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

    @Override
    void close();
}
