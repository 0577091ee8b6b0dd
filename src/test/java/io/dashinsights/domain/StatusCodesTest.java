package io.dashinsights.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every status enum travels as its code: in JSON both ways (the inherited {@code @JsonValue}) and from a column. */
class StatusCodesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(classes = {AlertStatus.class, AlertGroupState.class, DashboardStatus.class, OutboxStatus.class,
            RunStatus.class})
    <E extends Enum<E> & Coded> void eachStatusIsWrittenAndReadByItsCode(Class<E> type) throws Exception {
        E[] all = type.getEnumConstants();
        assertThat(Arrays.stream(all).map(Coded::code).distinct()).hasSize(all.length);
        for (E status : all) {
            assertThat(MAPPER.writeValueAsString(status)).isEqualTo("\"" + status.code() + "\"");
            assertThat(MAPPER.readValue("\"" + status.code() + "\"", type)).isSameAs(status);
            assertThat(Coded.fromCode(type, status.code())).isSameAs(status);
        }
        assertThatThrownBy(() -> Coded.fromCode(type, "bogus")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bogus'").hasMessageContaining(type.getSimpleName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"annotating", "annotated", "resolved", "resolved-early", "skipped", "unlinked", "refused",
            "no-rate", "no-start", "truncated"})
    void alertRowsWrittenBeforeTheEnumAreStillRead(String code) {
        // The string constants earlier versions stored in alert_states.status.
        assertThat(Coded.fromCode(AlertStatus.class, code).code()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok", "pending-retry", "failed", "refused"})
    void dashboardRowsWrittenBeforeTheEnumAreStillRead(String code) {
        // The literals earlier versions stored in dashboards.last_status.
        assertThat(Coded.fromNullableCode(DashboardStatus.class, code).code()).isEqualTo(code);
    }
}
