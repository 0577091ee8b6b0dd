package io.dashinsights.console;

import java.util.List;

/**
 * Where the Alerts page reads recent webhook alerts from. The webhook feature provides the bean
 * ({@code alert.StoredAlertFeed}); the console never reads the webhook's tables itself, so their shape
 * stays the webhook's business.
 */
public interface AlertFeed {

    /** The newest {@code limit} alerts, newest first. */
    List<AlertView> recent(int limit);
}
