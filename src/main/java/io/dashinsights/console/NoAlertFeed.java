package io.dashinsights.console;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Stands in until the webhook feature provides an {@link AlertFeed}. */
@DefaultBean
@ApplicationScoped
public class NoAlertFeed implements AlertFeed {

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public List<AlertView> recent(int limit) {
        return List.of();
    }
}
