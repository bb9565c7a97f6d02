package org.laionfmri.mirror.stimuli;

import java.util.List;

/** What a stimulus sync did: the files it checked, those it downloaded (none when the mirror was up to date), and the bytes. */
public record StimulusResult(List<String> checked, List<String> downloaded, long bytesDownloaded) {

    public StimulusResult {
        checked = List.copyOf(checked);
        downloaded = List.copyOf(downloaded);
    }
}
