package cn.ebike.common.problem;

import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a failed database write tells: the violated constraint, the SQL state, a lost connection. */
public final class DatabaseErrors {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String CHECK_VIOLATION = "23514";
    public static final String EXCLUSION_VIOLATION = "23P01";
    /** invalid byte sequence (a NUL in text), untranslatable character */
    public static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
    public static final String STRING_DATA_RIGHT_TRUNCATION = "22001";
    public static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";

    private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([^\"]+)\"");

    private DatabaseErrors() {
    }

    /** The name of the constraint or unique index a write violated, if the failure is one. */
    public static Optional<String> violatedConstraint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve && cve.getConstraintName() != null) {
                return Optional.of(cve.getConstraintName());
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")
                    && sql.getMessage() != null) {
                Matcher m = CONSTRAINT.matcher(sql.getMessage());
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }

    /** True when {@code failure} is a violation of exactly the constraint {@code name}. */
    public static boolean violated(Throwable failure, String name) {
        return violatedConstraint(failure).map(name::equals).orElse(false);
    }

    /** The SQL state of the first {@link SQLException} in the cause chain. */
    public static Optional<String> sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
            if (t instanceof org.hibernate.JDBCException jdbc && jdbc.getSQLState() != null) {
                return Optional.of(jdbc.getSQLState());
            }
        }
        return Optional.empty();
    }

    /** A lost or unobtainable database connection: "unavailable" (503), not a bug (500). */
    public static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
                return true;
            }
            if (t instanceof org.hibernate.JDBCException jdbc && unavailableState(jdbc.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQL states that say "the server cannot serve you now", not "your statement is wrong": class 08 (connection
     * exceptions), 57P01..57P03 (terminated by an administrator, a crash of another backend, "the database system is
     * starting up / not yet accepting connections" — what a restarting PostgreSQL answers; the fault soak found these
     * answered 500), 53300 (too many connections).
     */
    static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }
}
