package io.dashinsights.schedule;

/** Work that trigger-on-schedule also drives on every run, such as recorded alerts left unprocessed. */
public interface DueWork {

    /** A short name for the log. */
    String name();

    /** Does whatever is due; returns how many items it handled. Must not throw. */
    int runDue();
}
