package cn.ebike.common.figures;

import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code ?format=csv} of the figures: UTF-8 with a byte-order mark (so Excel on a Chinese Windows opens it
 * as UTF-8, not GBK), CRLF line ends, RFC 4180 quoting, and a cell that a spreadsheet would run as a formula
 * ({@code = + - @} first) prefixed with an apostrophe.
 */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv; charset=UTF-8";
    private static final String BOM = "\uFEFF";

    private Csv() {
    }

    public static boolean wanted(String format) {
        return format != null && "csv".equalsIgnoreCase(format.trim());
    }

    public static String of(List<String> header, List<List<?>> rows) {
        StringBuilder out = new StringBuilder(BOM);
        line(out, header);
        for (List<?> row : rows) {
            line(out, row);
        }
        return out.toString();
    }

    public static Response response(String filename, List<String> header, List<List<?>> rows) {
        return Response.ok(of(header, rows).getBytes(StandardCharsets.UTF_8), MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"").build();
    }

    private static void line(StringBuilder out, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && value instanceof CharSequence && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
