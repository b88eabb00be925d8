package cn.ebike.registration.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<CsvReader.Row> read(String text) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(text), 100);
        List<CsvReader.Row> rows = new ArrayList<>();
        for (CsvReader.Row row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void readsPlainRecordsWithTheirLineNumbers() throws IOException {
        List<CsvReader.Row> rows = read("a,b,c\n1,2,3\n4,,6");
        assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1L, 2L, 3L);
        assertThat(rows.get(2).fields()).containsExactly("4", "", "6");
    }

    @Test
    void handlesCrLfABomAndBlankLines() throws IOException {
        List<CsvReader.Row> rows = read("\uFEFFa,b\r\n\r\n1,2\r\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).fields()).containsExactly("a", "b");
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows.get(1).fields()).containsExactly("1", "2");
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws IOException {
        List<CsvReader.Row> rows = read("\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,row");
        assertThat(rows.get(0).fields()).containsExactly("x, y", "say \"hi\"", "two\nlines");
        assertThat(rows.get(1).line()).isEqualTo(3);
    }

    @Test
    void anOverlongRecordIsFlaggedNotKept() throws IOException {
        List<CsvReader.Row> rows = read("a,b\n" + "x".repeat(500) + ",y\nok,1");
        assertThat(rows.get(1).tooLong()).isTrue();
        assertThat(rows.get(2).fields()).containsExactly("ok", "1");
        assertThat(rows.get(2).line()).isEqualTo(3);
    }
}
