package org.laionfmri.mirror.local.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.state.MirrorStateContract;

/** The native file backend passes the contract every MirrorState backend passes; and what it held, it wrote. */
class FileMirrorStateContractTest extends MirrorStateContract {

    @TempDir
    Path mirror;

    private FileMirrorState writer;

    @Override
    protected MirrorState freshState() {
        writer = FileMirrorState.openForWriting(folder(), "the test mirror");
        return writer;
    }

    /** Once the writer is closed, a reader of the file finds exactly what the writer held. */
    @AfterEach
    void theFileHoldsWhatTheWriterHeld() {
        writer.close();
        try (FileMirrorState reader = FileMirrorState.openForReading(folder(), "the test mirror")) {
            assertThat(reader.licence()).isEqualTo(writer.licence());
            assertThat(reader.access()).isEqualTo(writer.access());
            assertThat(reader.lease()).isEqualTo(writer.lease());
            assertThat(reader.runs()).isEqualTo(writer.runs());
        }
    }

    private Path folder() {
        return mirror.resolve(".laion-mirror");
    }
}
