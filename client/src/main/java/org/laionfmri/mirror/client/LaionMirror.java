package org.laionfmri.mirror.client;

import java.io.PrintWriter;
import java.util.List;
import org.laionfmri.mirror.client.deployment.NoSuchMirror;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.error.MirrorException;
import org.laionfmri.mirror.storage.s3.S3Clients;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code laion-mirror}: keeps an institution's copy of LAION-fMRI. */
@Command(
        name = "laion-mirror",
        mixinStandardHelpOptions = true,
        version = "laion-mirror 0.1.0",
        description = "Keeps an institution's own copy of the LAION-fMRI dataset.")
public final class LaionMirror {

    private static final List<Class<?>> COMMANDS = List.of(SyncCommand.class, StatusCommand.class, RunsCommand.class, StopCommand.class,
            PullCommand.class, CheckCommand.class, AcceptLicenseCommand.class, RequestAccessCommand.class, LoginCommand.class, LogoutCommand.class,
            SampleBucketCommand.class);

    /** Exit code of a run that failed (no matching data, storage errors). */
    static final int EXIT_FAILED = 1;
    /** Exit code of invalid input: nothing was done. */
    static final int EXIT_INVALID = 2;

    public static void main(String[] args) {
        // before any logger exists: the Lambdas' JSON log configuration is on the classpath too
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "laion-mirror-log4j2.xml");
        }
        int exitCode = commandLine(args).execute(args);
        S3Clients.endEventLoops();
        System.exit(exitCode);
    }

    /**
     * The command line for {@code args}, with its error reporting: one line on stderr, named, and an
     * exit code for scripts. Only the subcommand the arguments name is built (picocli reflects on each
     * one's options, a tenth of a second for them all at start-up); every one for anything else (help, a
     * mistyped command).
     */
    static CommandLine commandLine(String... args) {
        CommandLine commandLine = new CommandLine(new LaionMirror());
        List<Class<?>> asked = COMMANDS.stream()
                .filter(command -> args.length > 0 && command.getAnnotation(Command.class).name().equals(args[0])).toList();
        (asked.isEmpty() ? COMMANDS : asked).forEach(commandLine::addSubcommand);
        // a mistyped flag (--include-rawx) is an error, never a value of the option before it (--ses 04 --include-rawx)
        commandLine.setUnmatchedOptionsAllowedAsOptionParameters(false);
        commandLine.setParameterExceptionHandler((error, given) -> {
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
