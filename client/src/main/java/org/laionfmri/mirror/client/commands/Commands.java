package org.laionfmri.mirror.client.commands;

import java.util.List;

/** The commands of {@code laion-mirror}, in the order its usage lists them. */
public final class Commands {

    public static final List<Class<?>> ALL = List.of(SyncCommand.class, StatusCommand.class, RunsCommand.class, StopCommand.class,
            PullCommand.class, CheckCommand.class, AcceptLicenceCommand.class, RequestAccessCommand.class, LoginCommand.class, LogoutCommand.class,
            SampleBucketCommand.class);

    private Commands() {}
}
