package org.laionfmri.mirror.local.state;

import java.util.TreeMap;
import org.laionfmri.mirror.state.Lease;
import org.laionfmri.mirror.state.LicenceAcceptance;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.StimulusAccess;

/** What a mirror's state holds, in memory: each field null when absent, the runs by id. Not thread-safe: its owner guards it. */
final class StateContents {

    LicenceAcceptance licence;
    StimulusAccess access;
    Lease lease;
    final TreeMap<String, RunRecord> runs = new TreeMap<>();

    StateContents copy() {
        StateContents copy = new StateContents();
        copy.licence = licence;
        copy.access = access;
        copy.lease = lease;
        copy.runs.putAll(runs);
        return copy;
    }
}
