package cn.ebike.tradein.common;

import java.sql.SQLException;

/** Finds which PostgreSQL constraint or unique index a failed write violated. */
public final class Constraints {

    private Constraints() {
    }

    public static boolean violated(Throwable failure, String constraintName) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve
                    && constraintName.equals(cve.getConstraintName())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getMessage() != null
                    && sql.getMessage().contains("\"" + constraintName + "\"")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
