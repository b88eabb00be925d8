package cn.ebike.registration.common;

import java.util.ArrayList;
import java.util.List;

/** {@code ?page=&size=} parsed by hand so that a bad value is a 400 naming the parameter (JAX-RS would answer 404). */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
    /** keeps page × size inside an int offset */
    public static final int MAX_PAGE = 10_000_000;

    public static PageRequest of(String page, String size) {
        List<FieldError> errors = new ArrayList<>();
        int p = parse(page, 0, "page", 0, MAX_PAGE, "must be an integer from 0 to " + MAX_PAGE, errors);
        int s = parse(size, DEFAULT_SIZE, "size", 1, MAX_SIZE, "must be an integer from 1 to " + MAX_SIZE, errors);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return new PageRequest(p, s);
    }

    private static int parse(String raw, int dflt, String name, int min, int max, String message,
            List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, message));
        return dflt;
    }

    public int offset() {
        return page * size;
    }
}
