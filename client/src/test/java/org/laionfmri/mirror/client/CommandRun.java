package org.laionfmri.mirror.client;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One run of {@code laion-mirror} in this JVM, as a user runs it: what it was given on stdin, its exit code, stdout and stderr. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(String... args) {
        return withInput("", args);
    }

    static CommandRun withInput(String stdin, String... args) {
        return withInput(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static CommandRun withInput(byte[] stdin, String... args) {
        InputStream console = System.in;
        System.setIn(new ByteArrayInputStream(stdin));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine commandLine = LaionMirror.commandLine(args); // as main builds it
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            int exitCode = commandLine.execute(args);
            return new CommandRun(exitCode, out.toString(), err.toString());
        } finally {
            System.setIn(console);
        }
    }
}
