package org.laionfmri.mirror.client.commands;

/**
 * What a command does when it is interrupted (Ctrl-C, SIGTERM): a shutdown hook that runs while the
 * command is under way and is removed once it ends normally. The JVM exits with 130 after a SIGINT.
 */
final class Interruption implements AutoCloseable {

    private final Thread hook;
    private volatile boolean done;

    private Interruption(Runnable onInterrupt) {
        this.hook = new Thread(() -> {
            if (!done) {
                onInterrupt.run();
            }
        }, "laion-mirror-interrupted");
    }

    /** Runs {@code onInterrupt} if the JVM is stopped before {@link #close()}. */
    static Interruption handle(Runnable onInterrupt) {
        Interruption interruption = new Interruption(onInterrupt);
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    @Override
    public void close() {
        done = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is running or ran: done keeps it from acting twice
        }
    }
}
