package org.laionfmri.mirror.client;

import java.io.PrintWriter;
import org.laionfmri.mirror.client.deployment.NoSuchMirror;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.error.MirrorException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code laion-mirror}: keeps an institution's copy of LAION-fMRI. */
@Command(
        name = "laion-mirror",
        mixinStandardHelpOptions = true,
        version = "laion-mirror 0.1.0",
        description = "Keeps an institution's own copy of the LAION-fMRI dataset.",
        subcommands = {SyncCommand.class, StatusCommand.class, RunsCommand.class, StopCommand.class, PullCommand.class, CheckCommand.class, AcceptLicenseCommand.class,
                RequestAccessCommand.class, LoginCommand.class, LogoutCommand.class, SampleBucketCommand.class})
public final class LaionMirror {

    /** Exit code of a run that failed (no matching data, storage errors). */
    static final int EXIT_FAILED = 1;
    /** Exit code of invalid input: nothing was done. */
    static final int EXIT_INVALID = 2;

    public static void main(String[] args) {
        // before any logger exists: the Lambdas' JSON log configuration is on the classpath too
        System.setProperty("log4j2.configurationFile", "laion-mirror-log4j2.xml");
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error reporting: one line on stderr, named, and an exit code for scripts. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LaionMirror());
        // a mistyped flag (--include-rawx) is an error, never a value of the option before it (--ses 04 --include-rawx)
        commandLine.setUnmatchedOptionsAllowedAsOptionParameters(false);
        commandLine.setParameterExceptionHandler((error, args) -> {
            PrintWriter err = error.getCommandLine().getErr();
            err.println("laion-mirror: " + error.getMessage() + " (see --help)");
            return EXIT_INVALID;
        });
        commandLine.setExecutionExceptionHandler((error, command, parsed) -> {
            PrintWriter err = command.getErr();
            if (error instanceof InvalidRequest invalid) {
                err.println("laion-mirror: " + invalid.errorName() + ": " + optionFor(invalid.field()) + ": " + invalid.problem());
                return EXIT_INVALID;
            }
            if (error instanceof NoSuchMirror missing) {
                err.println("laion-mirror: " + missing.errorName() + ": " + missing.getMessage());
                return EXIT_INVALID;
            }
            if (error instanceof MirrorException named) {
                err.println("laion-mirror: " + named.errorName() + ": " + named.getMessage());
                return EXIT_FAILED;
            }
            err.println("laion-mirror: " + Failures.describe(error));
            return EXIT_FAILED;
        });
        return commandLine;
    }

    /** The flag that sets a request field: {@code filters.ses[1]} is {@code --ses}, {@code include.embeddings[0]} is {@code --include-embeddings}; other fields keep their name. */
    static String optionFor(String field) {
        String name = field.replaceFirst("\\[\\d+]$", "");
        if (name.equals("subjects")) {
            return "--subject";
        }
        if (name.equals("rawOnly")) {
            return "--raw-only";
        }
        if (name.startsWith("filters.")) {
            return "--" + name.substring("filters.".length());
        }
        if (name.startsWith("include.")) {
            return "--include-" + name.substring("include.".length());
        }
        return field;
    }
}
