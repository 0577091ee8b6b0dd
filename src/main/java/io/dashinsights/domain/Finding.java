package io.dashinsights.domain;

import java.time.Instant;

/**
 * What a stage found, computed by our code (the LLM only writes {@link #explanation()}). Every stage, the push,
 * the console and the API share these records; JSON goes through Jackson with camelCase names.
 * Sealed so a {@code switch} over the kinds is checked by the compiler when a kind is added.
 */
public sealed interface Finding permits AnomalyIncident, TrendFinding, ForecastFinding, ErrorRateIncident {

    /** When the finding begins (an incident's start, an analysed window's start, a forecast's first step). */
    Instant start();

    /** When it ends; null while an incident is still open. */
    Instant end();

    /** The words around the numbers. */
    String explanation();

    /** Who wrote {@link #explanation()}: {@code template} or the model's name. */
    String author();
}
