package org.laionfmri.mirror.client;

import org.apache.logging.slf4j.SLF4JServiceProvider;

/**
 * Log4j's SLF4J provider, slow to start (-Dslf4j.provider names it): any thread that asks for a logger
 * while another is binding SLF4J surely does so meanwhile, as a loaded machine makes happen now and then.
 */
public final class SlowLoggingProvider extends SLF4JServiceProvider {

    @Override
    public void initialize() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.initialize();
    }
}
