package org.laionfmri.mirror.client.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command on one mirror: a deployed stack, or with {@code --local} a mirror on this machine. */
abstract class MirrorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions mirror;

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A command to suggest, naming this mirror as the user did: {@code laion-mirror status RUN --local --dest ...}. */
    String suggest(String command) {
        return ("laion-mirror " + command + " " + mirror.flags()).strip();
    }
}
