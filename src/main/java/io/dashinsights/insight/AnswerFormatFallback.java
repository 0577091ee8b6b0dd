package io.dashinsights.insight;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.dashinsights.config.InsightsConfig.AnswerFormat;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the server for the answer's shape as strongly as it accepts. The AI services send the JSON schema of
 * their return type whenever the model declares {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA} (as
 * quarkus-langchain4j's own Ollama model does); LangChain4j turns it into Ollama's {@code format} or OpenAI's
 * {@code response_format: json_schema} (strict when the model was built so). Servers that do not know a format
 * answer 400 naming it (an Ollama before structured outputs cannot read {@code format} as an object; LM Studio
 * takes no {@code json_object}; many OpenAI models take no {@code json_schema}); then this asks again with
 * the next weaker format — JSON schema, any JSON object, the prompt's description alone — and keeps using
 * it for this process, so the refusal costs one extra request once, not one per explanation.
 */
final class AnswerFormatFallback implements ChatModel {

    private static final Logger LOG = Logger.getLogger(AnswerFormatFallback.class);

    private final ChatModel delegate;
    private final String server;
    private final AtomicReference<AnswerFormat> current;

    AnswerFormatFallback(ChatModel delegate, AnswerFormat start, String server) {
        this.delegate = delegate;
        this.current = new AtomicReference<>(start);
        this.server = server;
    }

    /** Starts over from {@code format}, as after a restart (tests begin each case from the configured format). */
    void restartFrom(AnswerFormat format) {
        current.set(format);
    }

    /** The format asked for now (the configured one, or a weaker one after a refusal). */
    AnswerFormat format() {
        return current.get();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        Set<Capability> capabilities = new HashSet<>(delegate.supportedCapabilities());
        // Declared even when the schema is not sent any more: it keeps the AI services passing the schema
        // here, where the format actually sent is decided.
        capabilities.add(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
        return capabilities;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        while (true) {
            AnswerFormat format = current.get();
            try {
                return delegate.chat(as(request, format));
            } catch (RuntimeException e) {
                AnswerFormat weaker = refusedFormat(e, format);
                if (weaker == null) {
                    throw e;
                }
                if (current.compareAndSet(format, weaker)) {
                    LOG.warnf("The model server at %s refused the %s answer format (%s); asking with %s from now on",
                            server, name(format), message(e), name(weaker));
                }
            }
        }
    }

    private static ChatRequest as(ChatRequest request, AnswerFormat format) {
        ResponseFormat asked = request.responseFormat();
        ResponseFormat sent = switch (format) {
            case JSON_SCHEMA -> asked != null && asked.jsonSchema() != null ? asked : ResponseFormat.JSON;
            case JSON_OBJECT -> ResponseFormat.JSON;
            // TEXT, not null: null would let the model's own default format through.
            case PROMPT -> ResponseFormat.TEXT;
        };
        ChatRequestParameters parameters = request.parameters()
                .overrideWith(ChatRequestParameters.builder().responseFormat(sent).build());
        return request.toBuilder().parameters(parameters).build();
    }

    /**
     * The format to try next when {@code e} is the server refusing {@code format}, else null. Only a 400/422
     * whose body names the format counts: any other 4xx (an unknown model, a too-long prompt) would fail the
     * same way without it, and must not cost the schema for good.
     */
    private static AnswerFormat refusedFormat(Throwable e, AnswerFormat format) {
        if (format == AnswerFormat.PROMPT) {
            return null;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException h && (h.statusCode() == 400 || h.statusCode() == 422)) {
                String body = String.valueOf(h.getMessage()).toLowerCase(Locale.ROOT);
                if (body.contains("format") || body.contains("schema") || body.contains("json_object")) {
                    return format == AnswerFormat.JSON_SCHEMA ? AnswerFormat.JSON_OBJECT : AnswerFormat.PROMPT;
                }
                return null;
            }
        }
        return null;
    }

    private static String name(AnswerFormat format) {
        return switch (format) {
            case JSON_SCHEMA -> "json_schema";
            case JSON_OBJECT -> "json_object";
            case PROMPT -> "prompt-only";
        };
    }

    private static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException h) {
                String m = "HTTP " + h.statusCode() + ": " + h.getMessage();
                return m.length() > 300 ? m.substring(0, 300) + "…" : m;
            }
        }
        return String.valueOf(e.getMessage());
    }
}
