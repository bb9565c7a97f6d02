package org.laionfmri.mirror.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laionfmri.mirror.error.MirrorBusy;

/**
 * A mirror's state: who accepted the CC0 licence, the stimulus access (its request_id a secret), one
 * record per run with its live progress, and the lease that lets one run at a time write the mirror.
 * The port the workflow's steps and the client share; a DynamoDB table behind a stack, an owner-only
 * file beside a mirror on this machine, each passing the same contract suite.
 *
 * <p>Writes that two writers could race are conditional: the first licence acceptance stands, a run is
 * created once and finished once, one run holds the lease at a time.
 */
public interface MirrorState {

    Optional<LicenceAcceptance> licence();

    /** Records the acceptance unless one exists; returns the acceptance that stands. */
    LicenceAcceptance acceptLicence(LicenceAcceptance acceptance);

    Optional<StimulusAccess> access();

    /** Stores the stimulus access, replacing any earlier one, of which no copy is kept. */
    void saveAccess(StimulusAccess access);

    /** Forgets the stimulus access: no copy of its request_id is kept. */
    void forgetAccess();

    /** Records a run's start; a second start of the same run (a retried step) changes nothing. */
    void startRun(RunRecord run);

    /**
     * Records a run's outcome: status, end, totals, report and error. Only a running run is finished,
     * so a retried report step cannot rewrite a recorded outcome; returns whether this call finished it.
     */
    boolean finishRun(String runId, RunStatus status, Instant endedAt, Map<String, Long> totals, String reportKey, String error);

    /**
     * Records that a run ended without its report (it timed out, was stopped, or its Report step failed): its
     * status, end and error, unless an outcome is recorded already. A run that ended before its Plan step
     * recorded it gets its record here, with {@code started}'s request, starter and start. Returns whether
     * this call finished it.
     */
    boolean endUnreported(RunRecord started, RunStatus status, Instant endedAt, String error);

    /** Records what the run's plan holds to copy, the denominator of its progress; nothing for an unknown run. */
    void recordPlan(String runId, long toCopy, long bytesToCopy);

    /** Adds to a run's live progress (copies report concurrently); nothing for an unknown run. */
    void addProgress(String runId, long copied, long bytesCopied);

    /**
     * Takes the mirror for {@code runId} until {@code expiresAt}: granted when no run holds it, when the
     * holder's lease has expired (that run died), or to the holder itself (a retried step).
     *
     * @throws MirrorBusy naming the run that holds the mirror
     */
    void acquireLease(String runId, Instant now, Instant expiresAt);

    /** Gives the mirror back, if {@code runId} holds it. */
    void releaseLease(String runId);

    Optional<Lease> lease();

    Optional<RunRecord> run(String runId);

    /** Every run, in no particular order. */
    List<RunRecord> runs();

    /** The message of the {@link MirrorBusy} a refused lease raises. */
    static String busy(Lease holder) {
        return "Run " + holder.runId() + " is mirroring into this mirror (its lease lasts until " + holder.expiresAt()
                + "). Wait for it to end, or stop it, then run again.";
    }
}
