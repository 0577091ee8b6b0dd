package io.dashinsights.capacity;

/** The shared systems whose load this process bounds ({@code insights.limits.*}). */
public enum Dependency {
    PROMETHEUS, GRAFANA, MODEL
}
