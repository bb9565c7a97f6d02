package org.laionfmri.mirror.state;

import java.time.Instant;

/**
 * Who accepted the dataset's CC0 licence for this mirror, and when: the caller's identity (an IAM
 * principal, or the local user), the name they gave, and the sha256 of the licence text they saw.
 */
public record LicenceAcceptance(String acceptedBy, String name, Instant acceptedAt, String licenceTextSha256) {}
