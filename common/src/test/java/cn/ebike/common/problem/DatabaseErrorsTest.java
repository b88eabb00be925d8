package cn.ebike.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

class DatabaseErrorsTest {

    /** What Agroal/Hibernate throw while PostgreSQL restarts (seen in the fault soak as a 500 from tradein-service). */
    @Test
    void aRestartingDatabaseIsUnavailableNotABug() {
        SQLException startingUp = new SQLException("FATAL: the database system is not yet accepting connections", "57P03");
        assertThat(DatabaseErrors.unreachable(new GenericJDBCException("Unable to acquire JDBC Connection", startingUp))).isTrue();
        assertThat(DatabaseErrors.unreachable(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(DatabaseErrors.unreachable(new SQLException("terminating connection because of crash of another server process", "57P02"))).isTrue();
        assertThat(DatabaseErrors.unreachable(new SQLException("sorry, too many clients already", "53300"))).isTrue();
        assertThat(DatabaseErrors.unreachable(new GenericJDBCException("I/O", new SQLException("An I/O error occurred", "08006")))).isTrue();
        // the hibernate wrapper alone, its cause not kept
        assertThat(DatabaseErrors.unreachable(new GenericJDBCException("x", new SQLException("y", "57P03")) {
            @Override
            public synchronized Throwable getCause() {
                return null;
            }
        })).isTrue();
    }

    @Test
    void aWrongStatementIsStillNotUnavailable() {
        assertThat(DatabaseErrors.unreachable(new GenericJDBCException("x", new SQLException("syntax error", "42601")))).isFalse();
        assertThat(DatabaseErrors.unreachable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseErrors.unreachable(new SQLException("no state"))).isFalse();
        assertThat(DatabaseErrors.unreachable(new IllegalStateException("not a database failure"))).isFalse();
    }
}
