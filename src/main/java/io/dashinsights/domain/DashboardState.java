package io.dashinsights.domain;


/** A dashboard with its schedule state. Times are epoch milliseconds. */
public record DashboardState(DashboardConfig config, Long lastUpdate, long nextDue, String leaseOwner,
                             Long leaseUntil, int failures, DashboardStatus lastStatus, String lastError) {

    public String id() {
        return config.id();
    }
}
