package cn.ebike.common.validation;

/**
 * The rule behind {@link SafeText}, usable without a validator (CSV import lines, query parameters):
 * control characters (C0 incl. NUL, DEL, C1), Unicode bidirectional controls (U+061C, U+200E, U+200F,
 * U+202A–U+202E, U+2066–U+2069), lone surrogates, and markup brackets {@code <} {@code >}.
 */
public final class HostileText {

    public static final String CONTROL = "must not contain control characters";
    public static final String BIDI = "must not contain bidirectional control characters";
    public static final String MARKUP = "must not contain < or >";
    public static final String SURROGATE = "must be valid Unicode text";

    private HostileText() {
    }

    /** @return why {@code value} is not acceptable free text, or {@code null} when it is (also for null) */
    public static String problem(String value, boolean multiline) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '<' || c == '>') {
                return MARKUP;
            }
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
                    continue;
                }
                return CONTROL;
            }
            if (c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                    || (c >= '\u2066' && c <= '\u2069')) {
                return BIDI;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return SURROGATE;
            }
            if (Character.isLowSurrogate(c)) {
                return SURROGATE;
            }
        }
        return null;
    }

    public static boolean isSafe(String value) {
        return problem(value, false) == null;
    }
}
