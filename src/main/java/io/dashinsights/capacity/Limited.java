package io.dashinsights.capacity;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated client method counts against {@code insights.limits.<dependency>}. The slot is taken outside
 * the method's fault tolerance (see {@link LimitedInterceptor}): time spent queueing for a slot is not the
 * dependency being slow, so it must not use up the call's {@code @Timeout} or trip its circuit breaker.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Limited {

    @Nonbinding
    Dependency value();
}
