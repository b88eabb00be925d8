package cn.ebike.common.figures;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The plain JDBC read every service's figures and signals use: bind, run, map each row. */
public final class Queries {

    private Queries() {
    }

    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    public interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public static <T> List<T> query(DataSource dataSource, String sql, Binder binder, Mapper<T> mapper) {
        List<T> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
