package org.laionfmri.mirror.local.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.error.MirrorBusy;
import org.laionfmri.mirror.error.Redaction;
import org.laionfmri.mirror.error.StateDamaged;
import org.laionfmri.mirror.state.Lease;
import org.laionfmri.mirror.state.LicenceAcceptance;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.state.StimulusAccess;

/**
 * A mirror's state on this machine: {@code state.json} ({@link StateFile}) in a folder the caller
 * names ({@code <mirror dir>/.laion-mirror/}, or a per-bucket folder of the user's data), owner-only
 * (the folder 0700, each file 0600). Only the entries named here are this class's: {@code state.json},
 * its temporary {@code state.json.tmp}, {@code lock}, {@code made}, and the earlier version's store it
 * migrates; whatever else the folder holds is left alone.
 *
 * <p>Opened {@linkplain #openForWriting for writing}, it holds an exclusive lock on {@code lock} until
 * closed, so the state is that command's alone (a second one is {@link MirrorBusy}); it keeps the state
 * in memory and writes the file whole on each change, progress at most every {@link #PROGRESS_WRITES}.
 * Opened {@linkplain #openForReading for reading}, it takes no lock and reads the last whole file, so
 * {@code status} and {@code runs} work while a sync runs.
 *
 * <p>A state made once ({@code made} says so) never silently starts empty: a {@code state.json} that is
 * missing, truncated, changed, unreadable or not a file is {@link StateDamaged}, and nothing is changed.
 * The request_id is in {@code state.json} only: a replaced or forgotten one is in no file of the folder.
 * Thread-safe: a run's copy batches report progress concurrently.
 */
public final class FileMirrorState implements MirrorState, AutoCloseable {

    /** How often progress reaches the file while a run copies (another process's {@code status} reads it from there). */
    public static final Duration PROGRESS_WRITES = Duration.ofSeconds(2);
    private static final String LOCK = "lock";
    /** Written once the state was first made (by this version or the earlier one): from then on the folder must hold it. */
    static final String MADE = "made";
    /**
     * The lock files this process holds. A lock on a file is its process's (POSIX): closing any other
     * channel on that file, such as a second writer's refused here, would release it for every process.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final String mirrorName;
    /** The lock's file (its real path, as held), its channel and the lock itself; null when opened for reading. */
    private final Path lockPath;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final ScheduledExecutorService progressWriter;
    /** The state: a writer's own, or what a reader last read. */
    private StateContents contents;
    /** The file a reader last read, to read it again only once it was replaced. */
    private StateFile.Version readVersion;
    /** Progress added since the file was last written, to be written then; null when none is pending. */
    private ScheduledFuture<?> pendingProgress;
    private boolean closed;

    private FileMirrorState(Path folder, String mirrorName, Path lockPath, FileChannel lockFile, FileLock lock, StateContents contents,
            StateFile.Version readVersion) {
        this.folder = folder;
        this.mirrorName = mirrorName;
        this.lockPath = lockPath;
        this.lockFile = lockFile;
        this.lock = lock;
        this.contents = contents;
        this.readVersion = readVersion;
        this.progressWriter = lock == null ? null : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "laion-mirror-state-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether {@code folder} holds a mirror's state (of this version or of the earlier one). */
    public static boolean exists(Path folder) {
        return Files.exists(folder.resolve(MADE), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(folder.resolve(StateFile.NAME), LinkOption.NOFOLLOW_LINKS)
                || EarlierState.exists(folder);
    }

    /**
     * Opens the state in {@code folder} (made, empty, if there is none; moved over from the earlier
     * version's store if that is what the folder holds) for this command alone, until closed.
     *
     * @param mirrorName the mirror as its user knows it, for messages
     * @throws MirrorBusy when another command holds it
     * @throws StateDamaged when a state made earlier cannot be read; nothing is changed
     */
    public static FileMirrorState openForWriting(Path folder, String mirrorName) {
        Path lockPath = null;
        FileChannel lockFile = null;
        try {
            ownFolder(folder, mirrorName);
            Path held = folder.toRealPath().resolve(LOCK);
            if (!HELD.add(held)) {
                throw busy(mirrorName);
            }
            lockPath = held;
            lockFile = FileChannel.open(lockPath, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    OwnerOnly.file());
            FileLock lock = tryLock(lockFile);
            if (lock == null) {
                throw busy(mirrorName);
            }
            return new FileMirrorState(folder, mirrorName, lockPath, lockFile, lock, loadForWriting(folder, mirrorName), null);
        } catch (IOException e) {
            release(lockPath, lockFile);
            throw new UncheckedIOException("could not open the state of the mirror " + mirrorName + " in " + folder + ": "
                    + Messages.firstLine(e, "an input/output error"), e);
        } catch (RuntimeException e) {
            release(lockPath, lockFile);
            throw e;
        }
    }

    /**
     * Opens the state in {@code folder} to read it, without a lock: what a writer last wrote whole. An
     * earlier version's store is read as it is, and left for the next writer to move over.
     *
     * @throws StateDamaged when a state made earlier cannot be read
     */
    public static FileMirrorState openForReading(Path folder, String mirrorName) {
        notALink(folder, mirrorName);
        try {
            Optional<StateFile.Version> version = StateFile.version(folder);
            Optional<StateContents> stored = StateFile.read(folder);
            StateContents contents = stored.isPresent() ? stored.get() : withoutStateFile(folder);
            return new FileMirrorState(folder, mirrorName, null, null, null, contents, stored.isPresent() ? version.orElse(null) : null);
        } catch (Unreadable unreadable) {
            throw damaged(mirrorName, folder, unreadable);
        }
    }

    /**
     * Marks the runs still recorded as running as {@link RunStatus#ABORTED} ("Interrupted", with what
     * they copied as their totals) and clears the lease: this command holds the state, so no process
     * runs them any more (theirs died). Returns their ids.
     */
    public synchronized List<String> abandonInterruptedRuns(Instant now) {
        requireWriter();
        List<RunRecord> interrupted = contents.runs.values().stream().filter(run -> run.status() == RunStatus.RUNNING).toList();
        if (!interrupted.isEmpty() || contents.lease != null) {
            change(next -> {
                for (RunRecord run : interrupted) {
                    next.runs.put(run.runId(), finished(run, RunStatus.ABORTED, now,
                            Map.of("copied", run.progress().copied(), "bytesCopied", run.progress().bytesCopied()), null, "Interrupted"));
                }
                next.lease = null;
            });
        }
        return interrupted.stream().map(RunRecord::runId).toList();
    }

    @Override
    public synchronized Optional<LicenceAcceptance> licence() {
        return Optional.ofNullable(current().licence);
    }

    @Override
    public synchronized LicenceAcceptance acceptLicence(LicenceAcceptance acceptance) {
        requireWriter();
        if (contents.licence != null) {
            return contents.licence;
        }
        change(next -> next.licence = acceptance);
        return acceptance;
    }

    @Override
    /** Its request_id is redacted from then on from what this process says (see {@link Redaction}). */
    public synchronized Optional<StimulusAccess> access() {
        Optional<StimulusAccess> access = Optional.ofNullable(current().access);
        access.ifPresent(stored -> Redaction.protect(stored.requestId()));
        return access;
    }

    /** Its request_id is redacted from then on from what this process says. */
    @Override
    public synchronized void saveAccess(StimulusAccess access) {
        requireWriter();
        Redaction.protect(access.requestId());
        change(next -> next.access = access);
    }

    @Override
    public synchronized void forgetAccess() {
        requireWriter();
        if (contents.access != null) {
            change(next -> next.access = null);
        }
    }

    @Override
    public synchronized void startRun(RunRecord run) {
        requireWriter();
        if (!contents.runs.containsKey(run.runId())) {
            RunRecord started = new RunRecord(run.runId(), run.requestJson(), run.startedBy(), run.status(), run.startedAt(), null, Map.of(), null,
                    null, RunRecord.Progress.NONE);
            change(next -> next.runs.put(run.runId(), started));
        }
    }

    @Override
    public synchronized boolean finishRun(String runId, RunStatus status, Instant endedAt, Map<String, Long> totals, String reportKey, String error) {
        requireWriter();
        RunRecord run = contents.runs.get(runId);
        if (run == null || run.status() != RunStatus.RUNNING) {
            return false;
        }
        change(next -> next.runs.put(runId, finished(run, status, endedAt, totals, reportKey, Redaction.redact(error))));
        return true;
    }

    @Override
    public synchronized boolean endUnreported(RunRecord started, RunStatus status, Instant endedAt, String error) {
        requireWriter();
        RunRecord run = contents.runs.getOrDefault(started.runId(), started);
        if (run.status() != RunStatus.RUNNING) {
            return false;
        }
        change(next -> next.runs.put(run.runId(), finished(run, status, endedAt, run.totals(), run.reportKey(), Redaction.redact(error))));
        return true;
    }

    @Override
    public synchronized void recordPlan(String runId, long toCopy, long bytesToCopy) {
        requireWriter();
        RunRecord run = contents.runs.get(runId);
        if (run != null) {
            RunRecord.Progress progress = run.progress();
            RunRecord.Progress planned = new RunRecord.Progress(toCopy, bytesToCopy, progress.copied(), progress.bytesCopied());
            change(next -> next.runs.put(runId, withProgress(run, planned)));
        }
    }

    /** Adds to the progress in memory at once; the file has it within {@link #PROGRESS_WRITES}, or with the next change. */
    @Override
    public synchronized void addProgress(String runId, long copied, long bytesCopied) {
        requireWriter();
        RunRecord run = contents.runs.get(runId);
        if (run == null) {
            return;
        }
        RunRecord.Progress progress = run.progress();
        contents.runs.put(runId, withProgress(run, new RunRecord.Progress(progress.toCopy(), progress.bytesToCopy(), progress.copied() + copied,
                progress.bytesCopied() + bytesCopied)));
        if (pendingProgress == null) {
            pendingProgress = progressWriter.schedule(this::writePendingProgress, PROGRESS_WRITES.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void acquireLease(String runId, Instant now, Instant expiresAt) {
        requireWriter();
        Lease held = contents.lease;
        // whole seconds, as the DynamoDB backend keeps them: both backends grant and refuse alike
        if (held != null && !held.runId().equals(runId) && held.expiresAt().getEpochSecond() >= now.getEpochSecond()) {
            throw new MirrorBusy(MirrorState.busy(held));
        }
        Lease lease = new Lease(runId, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
        change(next -> next.lease = lease);
    }

    @Override
    public synchronized void releaseLease(String runId) {
        requireWriter();
        if (contents.lease != null && contents.lease.runId().equals(runId)) {
            change(next -> next.lease = null);
        }
    }

    @Override
    public synchronized Optional<Lease> lease() {
        return Optional.ofNullable(current().lease);
    }

    @Override
    public synchronized Optional<RunRecord> run(String runId) {
        return Optional.ofNullable(current().runs.get(runId));
    }

    /** Every run, in id order (a run's id starts with its start time when the client names it). */
    @Override
    public synchronized List<RunRecord> runs() {
        return List.copyOf(current().runs.values());
    }

    /** Writes the progress not yet written, and gives the state back (a writer's lock released). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (pendingProgress != null) {
                save(contents);
            }
        } finally {
            closed = true;
            if (progressWriter != null) {
                progressWriter.shutdown();
            }
            release(lockPath, lockFile);
        }
    }

    /** The folder, made if missing, a real folder (no link followed) and its owner's only. */
    private static void ownFolder(Path folder, String mirrorName) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException notAFolder) {
            throw damaged(mirrorName, folder, new Unreadable("it is a file, not a folder"));
        }
        notALink(folder, mirrorName);
        OwnerOnly.restrictFolder(folder);
    }

    private static void notALink(Path folder, String mirrorName) {
        if (Files.isSymbolicLink(folder)) {
            throw damaged(mirrorName, folder, new Unreadable("it is a link, which laion-mirror does not follow"));
        }
    }

    /**
     * The state a writer starts from: state.json; else the earlier version's store, moved over; else, for
     * a folder where no state was made, an empty one. Then only state.json (0600) and made hold it.
     */
    private static StateContents loadForWriting(Path folder, String mirrorName) throws IOException {
        StateContents contents;
        try {
            Optional<StateContents> stored = StateFile.read(folder);
            if (stored.isPresent()) {
                contents = stored.get();
            } else {
                contents = withoutStateFile(folder);
                StateFile.write(folder, contents);
            }
        } catch (Unreadable unreadable) {
            throw damaged(mirrorName, folder, unreadable);
        }
        // the earlier store is removed once state.json holds what it held: here, or on the open after one killed in between
        EarlierState.remove(folder);
        Path made = folder.resolve(MADE);
        if (!Files.exists(made, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(made, OwnerOnly.file());
            Files.write(made, "the mirror's state was made\n".getBytes(StandardCharsets.UTF_8));
        }
        for (String file : List.of(StateFile.NAME, MADE, LOCK)) {
            OwnerOnly.restrictFile(folder.resolve(file));
        }
        StateFile.removeTemp(folder);
        StateFile.syncFolder(folder);
        return contents;
    }

    /** The state of a folder with no state.json: the earlier version's, if it kept one; none if none was made; else damaged. */
    private static StateContents withoutStateFile(Path folder) throws Unreadable {
        if (EarlierState.exists(folder)) {
            return EarlierState.read(folder);
        }
        if (Files.exists(folder.resolve(MADE), LinkOption.NOFOLLOW_LINKS)) {
            throw new Unreadable("its " + StateFile.NAME + " is missing");
        }
        return new StateContents();
    }

    /** A writer's state, or for a reader the file's, read again when a writer has replaced it since. */
    private StateContents current() {
        if (lock != null) {
            return contents;
        }
        try {
            Optional<StateFile.Version> version = StateFile.version(folder);
            if (version.isEmpty() && readVersion != null) {
                throw new Unreadable("its " + StateFile.NAME + " is missing");
            }
            if (version.isPresent() && !version.get().equals(readVersion)) {
                Optional<StateContents> stored = StateFile.read(folder);
                if (stored.isPresent()) {
                    contents = stored.get();
                    readVersion = version.get();
                }
            }
            return contents;
        } catch (Unreadable unreadable) {
            throw damaged(mirrorName, folder, unreadable);
        }
    }

    /** Applies {@code change} to a copy of the state and writes it: the state in memory changes only once the file has. */
    private void change(Consumer<StateContents> change) {
        StateContents next = contents.copy();
        change.accept(next);
        save(next);
    }

    private void save(StateContents next) {
        if (closed) {
            throw new IllegalStateException("the state of the mirror " + mirrorName + " was closed");
        }
        StateFile.write(folder, next);
        contents = next;
        if (pendingProgress != null) {
            pendingProgress.cancel(false);
            pendingProgress = null;
        }
    }

    private synchronized void writePendingProgress() {
        if (closed || pendingProgress == null) {
            return;
        }
        pendingProgress = null;
        try {
            save(contents);
        } catch (UncheckedIOException notWritten) {
            // tried again later; a change or close meanwhile writes the file, and fails with the reason
            pendingProgress = progressWriter.schedule(this::writePendingProgress, PROGRESS_WRITES.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void requireWriter() {
        if (lock == null) {
            throw new IllegalStateException("the state of the mirror " + mirrorName + " was opened for reading");
        }
    }

    private static RunRecord withProgress(RunRecord run, RunRecord.Progress progress) {
        return new RunRecord(run.runId(), run.requestJson(), run.startedBy(), run.status(), run.startedAt(), run.endedAt(), run.totals(),
                run.reportKey(), run.error(), progress);
    }

    private static RunRecord finished(RunRecord run, RunStatus status, Instant endedAt, Map<String, Long> totals, String reportKey, String error) {
        return new RunRecord(run.runId(), run.requestJson(), run.startedBy(), status, run.startedAt(), endedAt, totals, reportKey, error,
                run.progress());
    }

    static StateDamaged damaged(String mirrorName, Path folder, Unreadable why) {
        if (why instanceof Unreadable.NewerFormat) {
            return new StateDamaged("The state of the mirror " + mirrorName + " in " + folder + " was written by a newer laion-mirror ("
                    + why.getMessage() + "); nothing was changed. Use that version, or a later one, on this mirror.");
        }
        return new StateDamaged("The state of the mirror " + mirrorName + " (licence acceptance, stimulus access, run history) in " + folder
                + " is damaged (" + why.getMessage() + "); nothing was changed. Restore that folder from a backup, or move it aside to start afresh:"
                + " then accept the licence and log in again (the reports of earlier runs stay in the mirror's _mirror/runs/).");
    }

    private static MirrorBusy busy(String mirrorName) {
        return new MirrorBusy("The mirror " + mirrorName + " is in use by another laion-mirror command (a sync running on it?): wait for it to end,"
                + " then run this again.");
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    /** Closes the lock's channel, which releases the lock, and forgets it is held here (each, if there is one). */
    private static void release(Path lockPath, FileChannel lockFile) {
        try {
            if (lockFile != null) {
                lockFile.close();
            }
        } catch (IOException alreadyGone) {
            // closing a lock file fails only when it is gone; its lock went with it
        } finally {
            if (lockPath != null) {
                HELD.remove(lockPath);
            }
        }
    }
}
