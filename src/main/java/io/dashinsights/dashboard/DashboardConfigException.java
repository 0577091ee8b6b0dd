package io.dashinsights.dashboard;

import java.util.List;

/** An invalid dashboard config; {@link #problems()} names each dashboard and field. */
public class DashboardConfigException extends RuntimeException {

    private final List<String> problems;

    public DashboardConfigException(List<String> problems) {
        super("invalid dashboard config:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
