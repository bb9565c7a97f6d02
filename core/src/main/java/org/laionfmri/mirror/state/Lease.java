package org.laionfmri.mirror.state;

import java.time.Instant;

/** The run holding the mirror, until when (a run that died leaves a lease that expires with its timeout). */
public record Lease(String runId, Instant expiresAt) {}
