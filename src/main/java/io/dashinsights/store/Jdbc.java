package io.dashinsights.store;

import io.dashinsights.domain.Coded;
import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The few JDBC shapes the repositories need, so each repository is just its SQL. */
@ApplicationScoped
public class Jdbc {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;
    private volatile Boolean postgres;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    /** Inserts and returns the generated {@code id}. */
    public long insert(String sql, Object... params) {
        try {
            return insertReturningId(sql, params);
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    /** Inserts unless the primary key exists; true when this call inserted the row. */
    public boolean insertIfAbsent(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (uniqueViolation(e)) {
                return false;
            }
            throw new StoreException(sql, e);
        }
    }

    /**
     * Inserts and returns the generated {@code id} in the same statement; empty when a unique key already holds
     * such a row (nothing inserted), so a first delivery costs one statement and only a repeat a second one.
     */
    public OptionalLong insertUnlessPresent(String sql, Object... params) {
        try {
            return OptionalLong.of(insertReturningId(sql, params));
        } catch (SQLException e) {
            if (uniqueViolation(e)) {
                return OptionalLong.empty();
            }
            throw new StoreException(sql, e);
        }
    }

    private long insertReturningId(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** 23505 is the standard SQLSTATE of a unique violation, on H2 and PostgreSQL alike. */
    private static boolean uniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    /** A piece of SQL with the parameters of its placeholders. */
    public record Sql(String text, Object... params) {
    }

    /**
     * Claims a batch in one statement and returns the claimed rows' {@code columns}: the rows of {@code table} whose
     * {@code id} {@code picked} selects (a {@code SELECT id … FOR UPDATE SKIP LOCKED}, so rows another claimer holds
     * are skipped) and that still match {@code stillDue} get {@code set}. PostgreSQL: {@code UPDATE … WHERE id IN
     * (picked) … RETURNING}. H2 has no RETURNING, and under the same UPDATE inside a {@code FINAL TABLE} it runs
     * the IN subquery again for every row of the table (it reads the table being changed), which made claiming
     * 1,000 due dashboards take 5–10 s; {@code MERGE INTO … USING (picked)} reads the batch once (~0.2 s).
     */
    public <T> List<T> claimReturning(String table, Sql set, Sql picked, Sql stillDue, String columns,
                                      RowMapper<T> mapper) {
        if (postgres()) {
            return query("UPDATE " + table + " SET " + set.text() + " WHERE id IN (" + picked.text() + ") AND "
                    + stillDue.text() + " RETURNING " + columns, mapper, concat(set, picked, stillDue));
        }
        return query("SELECT " + columns + " FROM FINAL TABLE (MERGE INTO " + table + " USING (" + picked.text()
                + ") picked ON " + table + ".id = picked.id WHEN MATCHED AND " + stillDue.text() + " THEN UPDATE SET "
                + set.text() + ")", mapper, concat(picked, stillDue, set));
    }

    private static Object[] concat(Sql... parts) {
        return java.util.Arrays.stream(parts).flatMap(p -> java.util.Arrays.stream(p.params())).toArray();
    }

    /** Whether the store is PostgreSQL (else H2); the database kind is fixed at build time, so asked once. */
    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            try (Connection c = dataSource.getConnection()) {
                known = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            } catch (SQLException e) {
                throw new StoreException("database metadata", e);
            }
            postgres = known;
        }
        return known;
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Whether the database answers; used by the health check. */
    public boolean ping() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    public static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (p instanceof String s) {
                // PostgreSQL text cannot hold NUL (H2 can): replace it so both stores behave alike and a
                // stray NUL from outside is a lookup that finds nothing, not a failed statement.
                ps.setString(i + 1, s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD'));
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (p instanceof Boolean bool) {
                ps.setBoolean(i + 1, bool);
            } else if (p instanceof Coded coded) {
                // Status enums are stored by their code, the same word the JSON carries.
                ps.setString(i + 1, coded.code());
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }
}
