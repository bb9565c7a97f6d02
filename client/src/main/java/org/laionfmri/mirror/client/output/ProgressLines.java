package org.laionfmri.mirror.client.output;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.laionfmri.mirror.state.RunRecord;

/**
 * Progress on stderr: on a terminal one line rewritten in place as often as it is told; elsewhere (a log, a
 * pipe) a line every five seconds.
 */
public final class ProgressLines {

    private static final Duration LINE_EVERY = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final boolean terminal;
    private final String unit;
    private Instant lastLine = Instant.EPOCH;

    /** Lines counting {@code unit} ("objects", "files"), rewritten in place when {@code terminal}. */
    public ProgressLines(PrintWriter err, boolean terminal, String unit) {
        this.err = err;
        this.terminal = terminal;
        this.unit = unit;
    }

    public void show(RunRecord.Progress progress, Duration elapsed) {
        Instant now = Instant.now();
        if (terminal || Duration.between(lastLine, now).compareTo(LINE_EVERY) >= 0) {
            err.print((terminal ? "\r\033[K" : "") + line(progress, elapsed, unit) + (terminal ? "" : "\n"));
            err.flush();
            lastLine = now;
        }
    }

    /** Clears the line rewritten in place, once the work has ended. */
    public void end() {
        if (terminal && !lastLine.equals(Instant.EPOCH)) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    /** {@code [ 42%] 39/93 objects, 1.2 MB of 3.1 MB, 1.5 MB/s, 0:07 left}: the share by bytes when there are any. */
    public static String line(RunRecord.Progress progress, Duration elapsed) {
        return line(progress, elapsed, "objects");
    }

    private static String line(RunRecord.Progress progress, Duration elapsed, String unit) {
        double share = progress.bytesToCopy() > 0 ? (double) progress.bytesCopied() / progress.bytesToCopy()
                : progress.toCopy() > 0 ? (double) progress.copied() / progress.toCopy() : 1;
        double seconds = Math.max(elapsed.toMillis() / 1000.0, 0.001);
        String left = share <= 0 ? "--:--" : clock(Duration.ofSeconds(Math.round(seconds * (1 - share) / share)));
        return String.format(Locale.ROOT, "[%3.0f%%] %d/%d %s, %s of %s, %s/s, %s left", share * 100, progress.copied(), progress.toCopy(), unit,
                Bytes.human(progress.bytesCopied()), Bytes.human(progress.bytesToCopy()), Bytes.human(Math.round(progress.bytesCopied() / seconds)), left);
    }

    /** A duration as {@code m:ss}. */
    public static String clock(Duration duration) {
        return String.format(Locale.ROOT, "%d:%02d", duration.toMinutes(), duration.toSecondsPart());
    }
}
