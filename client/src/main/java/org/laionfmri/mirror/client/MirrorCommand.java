package org.laionfmri.mirror.client;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command on one mirror, through its deployment: a deployed stack, or with {@code --local} a mirror on this machine. */
abstract class MirrorCommand implements Callable<Integer> {

    /** The source of a command that copies nothing: a run on this machine would read the public bucket. */
    static final Store PUBLIC_SOURCE = new Store.Bucket(BucketLocation.PUBLIC_SOURCE);

    @Spec
    CommandSpec spec;

    @Mixin
    MirrorOptions mirror;

    /** Opens the mirror's deployment to act on it; a local mirror is made when {@code create}, else it must exist. */
    Deployment open(boolean create) {
        return mirror.open(PUBLIC_SOURCE, create);
    }

    /** Opens the mirror's deployment to read its runs, even while another command runs on a local mirror. */
    Deployment read() {
        return mirror.read();
    }

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
