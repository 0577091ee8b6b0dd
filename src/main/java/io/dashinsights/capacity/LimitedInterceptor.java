package io.dashinsights.capacity;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import java.util.concurrent.CompletionException;

/**
 * Takes a {@link DependencyLimits} slot around a {@link Limited} method. Its priority (APPLICATION, 2000) is
 * lower than SmallRye Fault Tolerance's (PLATFORM_AFTER + 10), so it runs outside {@code @Timeout},
 * {@code @Retry} and {@code @CircuitBreaker}: a retry keeps the slot, a queued call is not timed.
 */
@Limited(Dependency.PROMETHEUS)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class LimitedInterceptor {

    private final DependencyLimits limits;

    LimitedInterceptor(DependencyLimits limits) {
        this.limits = limits;
    }

    @AroundInvoke
    Object limit(InvocationContext ctx) throws Exception {
        Limited limited = ctx.getMethod().getAnnotation(Limited.class);
        if (limited == null) {
            limited = ctx.getMethod().getDeclaringClass().getAnnotation(Limited.class);
        }
        try {
            return limits.call(limited.value(), () -> {
                try {
                    return ctx.proceed();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new Checked(e);
                }
            });
        } catch (Checked c) {
            throw (Exception) c.getCause();
        }
    }

    /** Carries a checked exception of the intercepted method through the Supplier. */
    private static final class Checked extends CompletionException {
        Checked(Exception cause) {
            super(cause);
        }
    }
}
