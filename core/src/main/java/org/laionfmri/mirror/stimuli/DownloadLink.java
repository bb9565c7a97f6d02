package org.laionfmri.mirror.stimuli;

import java.net.URI;

/**
 * Where to download one stimulus file, with the size and sha256 it must have. The URL is presigned, a
 * bearer secret: {@link #toString()} leaves it out, so it cannot reach a log line by accident.
 */
public record DownloadLink(String name, URI url, long size, String sha256) {

    @Override
    public String toString() {
        return "DownloadLink[name=" + name + ", size=" + size + ", sha256=" + sha256 + ", url=(presigned, not shown)]";
    }
}
