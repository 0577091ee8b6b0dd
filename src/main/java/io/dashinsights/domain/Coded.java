package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * A status enum whose constants are stored and sent as a short lowercase code ({@code "pending-retry"}): the
 * database column and the JSON hold {@link #code()}, never the Java name, so renaming a constant changes neither.
 * {@code Jdbc} binds any {@code Coded} parameter as its code; read a column back with {@link #fromCode}.
 */
public interface Coded {

    /** The stored and sent word; Jackson writes and reads the enum by it (inherited {@code @JsonValue}). */
    @JsonValue
    String code();

    /** @throws IllegalArgumentException for a code no version of this app writes, naming the enum and the code */
    static <E extends Enum<E> & Coded> E fromCode(Class<E> type, String code) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + type.getSimpleName() + " code '" + code + "'"));
    }

    /** {@link #fromCode} for nullable columns. */
    static <E extends Enum<E> & Coded> E fromNullableCode(Class<E> type, String code) {
        return code == null ? null : fromCode(type, code);
    }
}
