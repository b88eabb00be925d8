package cn.ebike.registration.importer;

/** One problem of one CSV row: its line in the file (the header is line 1), the column, what is wrong. */
public record ImportError(long line, String field, String message) {
}
