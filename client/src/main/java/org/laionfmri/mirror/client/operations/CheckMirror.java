package org.laionfmri.mirror.client.operations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.plan.MirrorCheck;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.stimuli.Manifest;
import org.laionfmri.mirror.stimuli.StimulusFile;
import org.laionfmri.mirror.stimuli.StimulusSync;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.StoredObject;

/**
 * Proves a mirror complete for a selection, as {@code rclone check} does: what it lacks, holds with
 * another size, or holds under the selection that the source no longer has (LIST requests only), and,
 * when the selection includes them, whether the stimulus files match the access service's manifest.
 */
public final class CheckMirror {

    /** A stimulus file that does not match the manifest, and what is wrong. */
    public record WrongStimulus(String key, String problem) {}

    /** What differs, and the S3 requests it took; {@code stimuli} only when they were asked for. */
    public record Outcome(MirrorCheck.Differences differences, Map<String, Long> requests, Optional<List<WrongStimulus>> stimuli) {

        public boolean same() {
            return differences.none() && stimuli.map(List::isEmpty).orElse(true);
        }
    }

    private CheckMirror() {}

    public static Outcome check(MirrorRequest request, Store source, MirrorTarget target) {
        SubjectPreflight.requireKnown(source, request); // as sync: a subject the source does not hold is invalid input, not a difference
        try (OpenStorage opened = new OpenStorage(source, target.readableMirror())) {
            MirrorCheck.Differences differences = new MirrorCheck(opened.source, opened.mirror).check(request);
            Optional<List<WrongStimulus>> stimuli = request.includes().stimuli()
                    ? Optional.of(wrongStimuli(target.accessServiceClient().manifest(), opened.mirrorStore())) : Optional.empty();
            return new Outcome(differences, opened.requests(), stimuli);
        }
    }

    private static List<WrongStimulus> wrongStimuli(Manifest manifest, ObjectStore mirror) {
        List<WrongStimulus> wrong = new ArrayList<>();
        for (String name : StimulusSync.FILES) {
            String key = StimulusSync.PREFIX + name;
            Optional<StimulusFile> announced = manifest.file(name);
            Optional<StoredObject> stored = mirror.head(key);
            Optional<String> problem = announced.isEmpty() ? Optional.of("the manifest does not list it")
                    : stored.isEmpty() ? Optional.of("missing")
                    : announced.get().mismatch(stored.get().size(), () -> sha256(mirror, key, stored.get()));
            problem.ifPresent(said -> wrong.add(new WrongStimulus(key, said)));
        }
        return wrong;
    }

    /** The sha256 the stimulus step recorded with the object, or read from its bytes when it has none. */
    private static String sha256(ObjectStore mirror, String key, StoredObject stored) {
        String recorded = stored.metadata().get(StimulusSync.SHA256_METADATA);
        if (recorded != null) {
            return recorded;
        }
        try (InputStream in = mirror.read(key)) {
            return Sha256.hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + key + ": " + e.getMessage(), e);
        }
    }
}
