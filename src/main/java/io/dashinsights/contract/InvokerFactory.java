package io.dashinsights.contract;

import io.dashinsights.config.InsightsConfig;

/**
 * Builds an invoker whose client library only one build carries (the sqs invoker lives in the -Plambda sources,
 * with the AWS SDK), so the default build neither compiles nor ships it.
 */
public interface InvokerFactory {

    InsightsConfig.Invoker.Kind kind();

    Invoker create(InsightsConfig.Invoker config);
}
