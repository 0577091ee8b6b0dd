package io.dashinsights.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.store.AlertRouteRepository;
import io.dashinsights.store.DashboardRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Upserts dashboards from the seed-format config at startup ({@code insights.dashboards.import}). The
 * file is only read: schedule state lives in the store. An invalid file stops startup with every
 * problem listed, and imports nothing.
 */
@ApplicationScoped
public class DashboardImporter {

    private static final Logger LOG = Logger.getLogger(DashboardImporter.class);
    private static final String CLASSPATH = "classpath:";

    private final DashboardRepository dashboards;
    private final AlertRouteRepository alertRoutes;
    private final ObjectMapper mapper;
    private final InsightsConfig config;
    private final Clock clock;

    DashboardImporter(DashboardRepository dashboards, AlertRouteRepository alertRoutes, ObjectMapper mapper, InsightsConfig config, Clock clock) {
        this.dashboards = dashboards;
        this.alertRoutes = alertRoutes;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        config.dashboards().importLocation().filter(l -> !l.isBlank()).ifPresent(location -> {
            List<DashboardConfigParser.Parsed> imported = importFrom(location);
            LOG.infof("imported %d dashboard(s) from %s", imported.size(), location);
        });
    }

    /** Validates the whole file, then upserts every dashboard; nothing is written when any field is bad. */
    public List<DashboardConfigParser.Parsed> importFrom(String location) {
        return importJson(read(location));
    }

    public List<DashboardConfigParser.Parsed> importJson(JsonNode root) {
        DashboardConfigParser.ConfigFile file = DashboardConfigParser.parseFile(root);
        long now = clock.millis();
        file.dashboards().forEach(p -> dashboards.upsert(p.config(), p.lastUpdate(), now));
        // The file is the source of truth for its top-level routes: a route removed from it stops applying.
        alertRoutes.replaceAll(file.alertRoutes());
        return file.dashboards();
    }

    private JsonNode read(String location) {
        try (InputStream in = location.startsWith(CLASSPATH)
                ? Thread.currentThread().getContextClassLoader().getResourceAsStream(location.substring(CLASSPATH.length()))
                : Files.newInputStream(Path.of(location))) {
            if (in == null) {
                throw new DashboardConfigException(List.of("config: " + location + " not found"));
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new DashboardConfigException(List.of("config: cannot read " + location + ": " + e.getMessage()));
        }
    }
}
