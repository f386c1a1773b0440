package org.camsink.resolver.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on SIGHUP. {@code sun.misc.Signal} is not a supported API: when it is missing, or the
 * platform has no SIGHUP (or the JVM runs with {@code -Xrs}), this logs once and the config file watcher remains
 * the way to reload.
 */
public final class HangupSignal {
    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {}

    /** Returns whether the handler was installed. The action runs on its own thread, never in the signal handler. */
    public static boolean install(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> Thread.ofVirtual().name("reload").start(action));
            return true;
        } catch (LinkageError | RuntimeException e) {
            LOG.info("SIGHUP reload unavailable here ({}); edit the config file to reload", e.toString());
            return false;
        }
    }
}
