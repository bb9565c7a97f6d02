package org.laionfmri.mirror.stimuli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.error.AccessNotFound;
import org.laionfmri.mirror.error.AccessServiceError;
import org.laionfmri.mirror.error.IntegrityError;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.error.Redaction;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.ObjectUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the restricted stimulus files into the mirror. The public manifest comes first: when the
 * mirror lists both files with the manifest's size and their metadata holds its sha256, nothing else
 * is asked of the access service. Otherwise the stored request id gets fresh links, and each stale file
 * streams from its link into a multipart upload while its sha256 is computed; the upload completes
 * only when size and hash match the announced ones, so a bad download leaves the previous object as it
 * was.
 */
public final class StimulusSync {

    public static final String PREFIX = "stimuli/";
    public static final List<String> FILES = List.of("task-images_stimuli.h5", "task-images_metadata.csv");
    /** What an operator does without a usable request_id. */
    public static final String HOW_TO_STORE_ACCESS = "Request stimulus access through the dataset's access service (its Data Use Agreement form),"
            + " then store the request_id you are granted with laion-mirror login (it reads the id from standard input).";

    /** The user metadata holding a stimulus object's verified sha256. */
    public static final String SHA256_METADATA = "sha256";

    private static final Logger LOG = LoggerFactory.getLogger(StimulusSync.class);
    private static final int BUFFER = 1 << 16;

    private final AccessServiceClient access;
    private final MirrorState state;
    private final ObjectStore mirror;

    public StimulusSync(AccessServiceClient access, MirrorState state, ObjectStore mirror) {
        this.access = access;
        this.state = state;
        this.mirror = mirror;
    }

    public StimulusResult sync() {
        // read first: from here on the stored request_id is redacted from whatever this step says, the service's answers included
        Optional<StimulusAccess> stored = state.access();
        Manifest manifest = access.manifest();
        Map<String, Long> present = new HashMap<>();
        mirror.pages(PREFIX).forEachRemaining(page -> page.forEach(entry -> present.put(entry.key(), entry.size())));
        List<String> stale = new ArrayList<>();
        for (String name : FILES) {
            StimulusFile announced = manifest.file(name)
                    .orElseThrow(() -> new AccessServiceError("the access service's manifest does not list " + name));
            if (!mirrorHolds(announced, present)) {
                stale.add(name);
            }
        }
        if (stale.isEmpty()) {
            LOG.info("stimulus files are up to date");
            return new StimulusResult(FILES, List.of(), 0);
        }
        String requestId = stored.map(StimulusAccess::requestId).orElseThrow(() -> new AccessNotFound(
                "No stimulus access is stored for this mirror. " + HOW_TO_STORE_ACCESS));
        List<DownloadLink> links = access.refresh(requestId);
        long bytes = 0;
        for (String name : stale) {
            DownloadLink link = links.stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AccessServiceError("the access service gave no download link for " + name));
            bytes += transfer(link);
        }
        return new StimulusResult(FILES, stale, bytes);
    }

    /**
     * Whether the mirror holds the file with the announced size and sha256. The listing says which files
     * exist, so only those are read (a HEAD of a missing key is refused without s3:ListBucket on the bucket).
     */
    private boolean mirrorHolds(StimulusFile announced, Map<String, Long> present) {
        String key = PREFIX + announced.name();
        if (!Long.valueOf(announced.size()).equals(present.get(key))) {
            return false;
        }
        return mirror.head(key)
                .map(stored -> announced.mismatch(stored.size(), () -> stored.metadata().get(SHA256_METADATA)).isEmpty())
                .orElse(false);
    }

    /** Streams one file into the mirror, verifying it on the way; returns its size. */
    private long transfer(DownloadLink link) {
        String key = PREFIX + link.name();
        LOG.info("downloading {} ({} bytes)", key, link.size());
        MessageDigest digest = Sha256.digest();
        long received = 0;
        try (ObjectUpload upload = mirror.upload(key, Map.of(SHA256_METADATA, link.sha256()));
                InputStream in = access.download(link)) {
            OutputStream out = upload.stream();
            byte[] buffer = new byte[BUFFER];
            for (int read = in.read(buffer); read >= 0 && received <= link.size(); read = in.read(buffer)) {
                digest.update(buffer, 0, read);
                out.write(buffer, 0, read);
                received += read;
            }
            String actual = Sha256.hex(digest);
            if (received != link.size() || !actual.equalsIgnoreCase(link.sha256())) {
                upload.abort();
                throw new IntegrityError(key + ": announced " + link.size() + " bytes with sha256 " + link.sha256() + ", received "
                        + (received > link.size() ? "more than that" : received + " bytes with sha256 " + actual)
                        + "; nothing was stored, the previous object is untouched");
            }
            upload.commit();
            return received;
        } catch (IOException e) {
            throw new AccessServiceError("downloading " + key + " failed: " + Redaction.redactWithUrls(Messages.firstLine(e, "the connection broke off"))
                    + "; nothing was stored, the previous object is untouched");
        }
    }
}
