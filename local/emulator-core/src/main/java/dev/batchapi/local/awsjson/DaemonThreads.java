package dev.batchapi.local.awsjson;

import java.util.concurrent.ThreadFactory;

/** Threads of the emulators: daemons, so that an emulator a test forgot to close never keeps the JVM alive. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Makes daemon threads with this name, which is what a thread dump of a hung test shows. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
