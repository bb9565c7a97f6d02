package org.laionfmri.mirror.client.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Questions asked on stderr and answered on standard input, a line each (a script can pipe the answers). */
final class Prompt {

    private final PrintWriter err;
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    Prompt(PrintWriter err) {
        this.err = err;
    }

    /** The answer, stripped; null when standard input has ended. Piped answers are not echoed: the line is ended for them. */
    String ask(String question) {
        err.print(question);
        err.flush();
        String answer;
        try {
            String line = in.readLine();
            answer = line == null ? null : line.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read standard input: " + e.getMessage(), e);
        }
        if (System.console() == null) {
            err.println();
        }
        return answer;
    }
}
