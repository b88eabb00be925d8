package cn.ebike.registration.importer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small streaming RFC 4180 reader: comma-separated, optional double quotes (a quote inside a quoted
 * field is doubled), CRLF or LF line ends, a leading UTF-8 BOM ignored. Reads one record at a time, so
 * memory stays flat whatever the size of the file. Each record carries the line it starts on, which is
 * how bad rows are reported.
 */
public final class CsvReader {

    /** A record: its first physical line (1-based), its fields, and whether it exceeded the size limit. */
    public record Row(long line, List<String> fields, boolean tooLong) {
    }

    private final Reader in;
    private final int maxRecordChars;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long line = 1;
    private boolean first = true;

    public CsvReader(Reader in, int maxRecordChars) {
        this.in = in;
        this.maxRecordChars = maxRecordChars;
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        int c = read();
        if (c >= 0) {
            position--;
        }
        return c;
    }

    /** @return the next record, or {@code null} at the end; blank lines are skipped */
    public Row next() throws IOException {
        while (true) {
            int c = read();
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    c = read();
                }
            }
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                line++;
                continue;
            }
            if (c == '\r') {
                if (peek() == '\n') {
                    read();
                }
                line++;
                continue;
            }
            return record(c);
        }
    }

    private Row record(int firstChar) throws IOException {
        long startLine = line;
        List<String> fields = new ArrayList<>(10);
        StringBuilder field = new StringBuilder(32);
        boolean quoted = false;
        boolean tooLong = false;
        int chars = 0;
        int c = firstChar;
        while (true) {
            if (c < 0) {
                fields.add(field.toString());
                return new Row(startLine, fields, tooLong);
            }
            if (quoted) {
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        chars = append(field, '"', chars);
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && peek() != '\n')) {
                        line++;
                    }
                    chars = append(field, (char) c, chars);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                line++;
                fields.add(field.toString());
                return new Row(startLine, fields, tooLong);
            } else {
                chars = append(field, (char) c, chars);
            }
            if (chars > maxRecordChars) {
                tooLong = true;
                field.setLength(0);
                chars = 0;
            }
            c = read();
        }
    }

    private static int append(StringBuilder field, char c, int chars) {
        field.append(c);
        return chars + 1;
    }
}
