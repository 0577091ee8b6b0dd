package io.dashinsights.contract;

/**
 * Marks an exception that means a system we depend on (Prometheus, Grafana) failed, so the answer is a
 * 502 naming it rather than a 500 blaming us.
 */
public interface DependencyFailure {
}
