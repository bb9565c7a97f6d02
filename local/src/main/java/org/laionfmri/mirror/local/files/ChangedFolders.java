package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folders a transfer's copies added entries to, made durable once each when the transfer ends
 * rather than once per object: on this machine's disk a folder's fsync after each rename doubled the
 * cost of a small object copied one at a time.
 */
final class ChangedFolders implements Tree.FolderChanges {

    private final Set<List<String>> folders = ConcurrentHashMap.newKeySet();

    @Override
    public void added(List<String> names, Folder folder) {
        folders.add(List.copyOf(names));
    }

    /** Makes each changed folder's entries durable. */
    void sync(Tree tree) throws IOException {
        for (List<String> names : folders) {
            Optional<Folder> found = tree.find(names);
            if (found.isPresent()) {
                try (Folder folder = found.get()) {
                    folder.sync();
                }
            }
        }
        folders.clear();
    }
}
