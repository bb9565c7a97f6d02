package org.laionfmri.mirror.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.laionfmri.mirror.plan.Planner;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.storage.KeyOrder;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectListing;

/**
 * The objects the tools copy: the sample bucket's selectable objects (every subject, every include, no
 * filter: what {@code sync} selects, so that rclone and aws copy the same objects), the same with
 * its subjects replicated under new ids, to about 17,500 or 100,000 objects, and sub-01's selection with
 * bodies of a sixteenth of the nominal sizes (204 objects, 1.2 GB) for the copies of bytes across stores.
 */
final class Datasets {

    /** The selection the runs make: every subject and every include but the access-service stimuli. */
    static final List<String> EVERYTHING = List.of("--subject", "all", "--include-freesurfer", "--include-anatomical", "--include-raw",
            "--include-localizers", "--include-embeddings", "--include-captions", "--include-segmentations");

    /** The selection of the bytes across stores: sub-01 with upstream's default includes. */
    static final List<String> SUBJECT_ONE = List.of("--subject", "01");

    /** The bodies of {@link #subjectOne}: a sixteenth of the nominal sizes, so the copies move bytes, not requests. */
    private static final long SUBJECT_ONE_SCALE = 16;

    private static final Pattern SUBJECT = Pattern.compile("sub-(\\d+)");

    private Datasets() {}

    /** The sample's objects that the selection takes, with their materialised sizes. */
    static List<ObjectEntry> selectable() {
        List<ObjectEntry> sample = SampleBucket.materialised(SampleBucket.nominalEntries());
        MirrorRequest everything = MirrorRequest.builder().subjects(List.of("all")).includeFreesurfer(true).includeAnatomical(true)
                .includeRaw(true).includeLocalizers(true).includeEmbeddings(List.of("all")).includeCaptions(true).includeSegmentations(true).build();
        return selected(sample, everything);
    }

    /** What {@link #SUBJECT_ONE} selects from the sample, with bodies of a sixteenth of the nominal sizes. */
    static List<ObjectEntry> subjectOne() {
        MirrorRequest subjectOne = MirrorRequest.builder().subjects(List.of("01")).build();
        return selected(SampleBucket.nominalEntries(), subjectOne).stream()
                .map(entry -> new ObjectEntry(entry.key(), entry.size() / SUBJECT_ONE_SCALE)).toList();
    }

    private static List<ObjectEntry> selected(List<ObjectEntry> sorted, MirrorRequest request) {
        List<ObjectEntry> selected = new ArrayList<>();
        new Planner(listing(sorted), ObjectListing.empty()).plan(request, item -> selected.add(new ObjectEntry(item.key(), item.size())));
        return selected;
    }

    /** {@code objects} with each subject's objects repeated under {@code copies - 1} new subject ids. */
    static List<ObjectEntry> replicated(List<ObjectEntry> objects, int copies) {
        TreeMap<String, ObjectEntry> all = new TreeMap<>(KeyOrder.COMPARATOR);
        for (ObjectEntry entry : objects) {
            all.put(entry.key(), entry);
            Matcher subject = SUBJECT.matcher(entry.key());
            if (subject.find()) {
                for (int copy = 1; copy < copies; copy++) {
                    String id = "sub-" + (copy * 100 + Integer.parseInt(subject.group(1)));
                    String key = SUBJECT.matcher(entry.key()).replaceAll(id);
                    all.put(key, new ObjectEntry(key, entry.size()));
                }
            }
        }
        return List.copyOf(all.values());
    }

    /** Writes the objects as files (deterministic bodies of their sizes) under {@code directory}. */
    static void write(Path directory, List<ObjectEntry> objects) {
        try {
            for (ObjectEntry entry : objects) {
                Path file = directory.resolve(entry.key());
                Files.createDirectories(file.getParent());
                Files.write(file, SampleBucket.body(entry.key(), entry.size()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An in-memory listing in S3's pages of 1,000, for selecting from the sample without a store. */
    private static ObjectListing listing(List<ObjectEntry> sorted) {
        return new ObjectListing() {
            @Override
            public Iterator<List<ObjectEntry>> pages(String prefix) {
                List<ObjectEntry> under = sorted.stream().filter(entry -> entry.key().startsWith(prefix)).toList();
                List<List<ObjectEntry>> pages = new ArrayList<>();
                for (int from = 0; from < under.size(); from += 1000) {
                    pages.add(under.subList(from, Math.min(under.size(), from + 1000)));
                }
                return pages.iterator();
            }

            @Override
            public List<String> childPrefixes(String prefix) {
                return sorted.stream().map(ObjectEntry::key).filter(key -> key.startsWith(prefix) && key.indexOf('/', prefix.length()) > 0)
                        .map(key -> key.substring(0, key.indexOf('/', prefix.length()) + 1)).distinct().toList();
            }
        };
    }
}
