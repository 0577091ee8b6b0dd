package io.dashinsights.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.contract.Invoker;
import io.dashinsights.domain.DashboardType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one handler of each dashboard type. Types with a {@link Preparation} are updated by invoking their
 * prepare-* function; the others bring their own {@link DashboardHandler} bean. Built at startup and
 * refused then when a type has no handler or two, so a new type cannot be half wired.
 */
@ApplicationScoped
public class DashboardHandlers {

    private final Map<DashboardType, DashboardHandler> byType = new EnumMap<>(DashboardType.class);

    DashboardHandlers(Instance<Preparation> preparations, Instance<DashboardHandler> handlers, Invoker invoker,
                      ObjectMapper mapper) {
        for (Preparation p : preparations) {
            add(new StageHandler(p.type(), invoker, mapper));
        }
        for (DashboardHandler h : handlers) {
            add(h);
        }
        List<DashboardType> missing = Arrays.stream(DashboardType.values()).filter(t -> !byType.containsKey(t)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no handler for dashboard type(s) " + missing);
        }
    }

    private void add(DashboardHandler handler) {
        DashboardHandler earlier = byType.putIfAbsent(handler.type(), handler);
        if (earlier != null) {
            throw new IllegalStateException("dashboard type " + handler.type().configName() + " has two handlers: "
                    + earlier.getClass().getSimpleName() + " and " + handler.getClass().getSimpleName());
        }
    }

    public DashboardHandler forType(DashboardType type) {
        return byType.get(type);
    }
}
