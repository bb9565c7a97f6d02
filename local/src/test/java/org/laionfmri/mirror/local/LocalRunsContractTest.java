package org.laionfmri.mirror.local;

import org.laionfmri.mirror.run.Runs;

/** The local engine, in this process. */
class LocalRunsContractTest extends RunsContract {

    @Override
    protected Runs runsOver(LocalWorkflow workflow) {
        return new LocalRuns(() -> workflow);
    }
}
