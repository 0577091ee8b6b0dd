package io.dashinsights.store;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every push saves its annotation links, first dropping older keys of the same Grafana annotation
 * ({@code WHERE annotation_id = ?}); without an index on annotation_id that scanned every link ever written (one per
 * finding, never deleted) on every push, a cost growing with the store's age (V4_17). Checked through JDBC metadata,
 * so on H2 and PostgreSQL alike.
 */
@QuarkusTest
class AnnotationLinkIndexTest {

    @Inject
    DataSource dataSource;

    @Test
    void linksOfOneGrafanaAnnotationAreFoundThroughAnIndexOnItsId() throws Exception {
        List<String> leading = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            for (String table : List.of("annotation_links", "ANNOTATION_LINKS")) {
                try (ResultSet rs = meta.getIndexInfo(null, null, table, false, false)) {
                    while (rs.next()) {
                        if (rs.getShort("ORDINAL_POSITION") == 1 && rs.getString("COLUMN_NAME") != null) {
                            leading.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        assertThat(leading).as("columns that lead an index of annotation_links").contains("annotation_id");
    }
}
