package io.dashinsights.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's templates (src/main/resources/templates/console/), checked against these types at build time. */
@CheckedTemplate(basePath = "console")
final class Pages {

    private Pages() {
    }

    static native TemplateInstance overview(ConsoleViews.OverviewPage page);

    static native TemplateInstance dashboard(ConsoleViews.DashboardPage page);

    static native TemplateInstance alerts(ConsoleViews.AlertsPage page);

    static native TemplateInstance message(String title, String message);
}
