package io.dashinsights.store;

/** The store could not be read or written; carries the statement so the log says which. */
public class StoreException extends RuntimeException {
    public StoreException(String sql, Throwable cause) {
        super("store statement failed: " + cause.getMessage() + " [" + sql.strip().lines().findFirst().orElse("") + "]", cause);
    }
}
