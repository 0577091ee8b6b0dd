package io.dashinsights.analysis;

/** How far a finding is from normal; computed from scores, never chosen by the LLM. */
public enum Severity {
    LOW, MEDIUM, HIGH;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
