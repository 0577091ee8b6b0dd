package io.dashinsights.console;

import io.dashinsights.domain.Investigation;
import io.dashinsights.insight.CauseLines;

import java.util.List;

/**
 * The full investigation of one incident as the console shows it: the candidate causes as published, then every
 * check with the queries it sent, its outcome, what it found and how long it took. Texts come from outside
 * (label values, annotation texts); the templates escape them.
 */
public record InvestigationView(List<String> causes, List<CheckRow> checks, String took) {

    public record CheckRow(String check, String outcome, String took, List<String> queries, String detail,
                           int evidence) {
    }

    /** Null when no investigation ran, so the page shows nothing rather than an empty box. */
    public static InvestigationView of(Investigation investigation) {
        if (investigation == null || investigation.checks().isEmpty()) {
            return null;
        }
        List<CheckRow> checks = investigation.checks().stream().map(c -> new CheckRow(c.check().label(),
                c.outcome().label(), c.took().toMillis() + " ms", c.queries(), c.detail(), c.evidence().size())).toList();
        return new InvestigationView(CauseLines.plain(investigation), checks, investigation.took().toMillis() + " ms");
    }
}
