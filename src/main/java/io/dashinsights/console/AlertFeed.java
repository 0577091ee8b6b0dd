package io.dashinsights.console;

import java.util.List;

/**
 * Where the Alerts page reads recent webhook alerts from. The webhook feature provides the bean (an
 * {@code @ApplicationScoped} implementation replaces {@link NoAlertFeed}); the console never reads the
 * webhook's tables itself, so their shape stays the webhook's business.
 */
public interface AlertFeed {

    /** False while this build records no alerts: the page then says so instead of showing an empty list. */
    boolean available();

    /** The newest {@code limit} alerts, newest first. */
    List<AlertView> recent(int limit);
}
