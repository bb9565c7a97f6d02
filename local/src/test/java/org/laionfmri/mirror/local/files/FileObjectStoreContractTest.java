package org.laionfmri.mirror.local.files;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.ObjectStoreContract;

/** The directory backend passes the contract: each store a directory not made yet (the first write makes it). */
class FileObjectStoreContractTest extends ObjectStoreContract {

    @TempDir
    Path workspace;
    private final AtomicInteger stores = new AtomicInteger();

    @Override
    protected ObjectStore newStore() {
        return FileObjectStore.of(workspace.resolve("store-" + stores.incrementAndGet()), "laion-mirror-local");
    }
}
