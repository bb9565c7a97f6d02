package org.laionfmri.mirror.client;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.laionfmri.mirror.client.commands.Commands;
import org.laionfmri.mirror.client.deployment.NoSuchMirror;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.error.MirrorException;
import org.laionfmri.mirror.error.Redaction;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.storage.s3.S3Clients;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code laion-mirror}: keeps an institution's copy of LAION-fMRI. */
@Command(
        name = "laion-mirror",
        mixinStandardHelpOptions = true,
        version = "laion-mirror 0.1.0",
        // wide enough that the usage lists each command on one line, as aws and rclone do
        usageHelpWidth = 160,
        description = "Keeps an institution's own copy of the LAION-fMRI dataset.")
public final class LaionMirror implements Callable<Integer> {

    /** The commands that handle the request_id: an argument they do not take may be the id, typed where it does not belong. */
    private static final Set<String> HOLDING_SECRETS = Set.of("login", "logout", "request-access");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // before any logger exists: the Lambdas' JSON log configuration is on the classpath too
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "laion-mirror-log4j2.xml");
        }
        Redaction.protect(System.getenv(StimulusAccess.REQUEST_ID_VARIABLE)); // a request_id in the environment is as secret as a stored one
        // SLF4J bound here, on this one thread: bound while other threads ask for loggers (a local mirror's servers start side by
        // side), it says so on stderr, now and then, in lines that are not for people
        LoggerFactory.getILoggerFactory();
        int exitCode = commandLine(args).execute(args);
        S3Clients.endEventLoops();
        System.exit(exitCode);
    }

    /** No command: the usage, each command with its line, on stdout (as git and rclone do); asking for nothing is no error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.OK;
    }

    /**
     * The command line for {@code args}, with its error reporting: one line on stderr, named, and an
     * exit code for scripts. Only the subcommand the arguments name is built (picocli reflects on each
     * one's options, a tenth of a second for them all at start-up); every one for anything else (help, a
     * mistyped command).
     */
    static CommandLine commandLine(String... args) {
        CommandLine commandLine = new CommandLine(new LaionMirror());
        List<Class<?>> asked = Commands.ALL.stream()
                .filter(command -> args.length > 0 && command.getAnnotation(Command.class).name().equals(args[0])).toList();
        (asked.isEmpty() ? Commands.ALL : asked).forEach(commandLine::addSubcommand);
        // a mistyped flag (--include-rawx) is an error, never a value of the option before it (--ses 04 --include-rawx)
        commandLine.setUnmatchedOptionsAllowedAsOptionParameters(false);
        commandLine.setParameterExceptionHandler((error, given) -> {
            String command = error.getCommandLine().getCommandName();
            say(error.getCommandLine().getErr(), error instanceof UnmatchedArgumentException && HOLDING_SECRETS.contains(command)
                    ? command + " takes no such argument, and what was given is not shown: the request_id is read from "
                            + StimulusAccess.REQUEST_ID_VARIABLE + " or standard input, never from the command line (clear it from your shell's"
                            + " history) (see --help)"
                    : error.getMessage() + " (see --help)");
            return ExitCode.INVALID;
        });
        commandLine.setExecutionExceptionHandler((error, command, parsed) -> {
            PrintWriter err = command.getErr();
            if (error instanceof InvalidRequest invalid) {
                say(err, invalid.errorName() + ": " + optionFor(invalid.field()) + ": " + invalid.problem());
                return ExitCode.INVALID;
            }
            if (error instanceof NoSuchMirror missing) {
                say(err, missing.errorName() + ": " + missing.getMessage());
                return ExitCode.INVALID;
            }
            if (error instanceof MirrorException named) {
                say(err, named.errorName() + ": " + named.getMessage());
                return ExitCode.FAILED;
            }
            say(err, Failures.describe(error));
            return ExitCode.FAILED;
        });
        return commandLine;
    }

    /** One line for people on stderr, with no secret this process knows in it. */
    private static void say(PrintWriter err, String message) {
        err.println("laion-mirror: " + Redaction.redact(message));
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
