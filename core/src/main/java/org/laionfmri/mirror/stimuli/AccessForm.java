package org.laionfmri.mirror.stimuli;

/**
 * The access service's Data Use Agreement form, as upstream's {@code request-access} fills it: who asks
 * and why, and the terms version they accept (with the privacy notice). {@code piOrSupervisor} may be blank.
 */
public record AccessForm(String name, String email, String institution, String piOrSupervisor, String researchPurpose, String termsVersion) {}
