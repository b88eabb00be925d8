package cn.ebike.subsidy.common;

import java.util.ArrayList;
import java.util.List;

/** {@code ?page=&size=} parsed strictly: page >= 0, size 1..200 (default 0 / 50), else 400 naming the parameter. */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public static PageRequest of(String page, String size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int p = parse(page, 0, "page", errors);
        int s = parse(size, DEFAULT_SIZE, "size", errors);
        if (errors.isEmpty() && p < 0) {
            errors.add(new Problem.FieldError("page", "must be 0 or more"));
        }
        if (errors.stream().noneMatch(e -> e.field().equals("size")) && (s < 1 || s > MAX_SIZE)) {
            errors.add(new Problem.FieldError("size", "must be between 1 and " + MAX_SIZE));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new PageRequest(p, s);
    }

    private static int parse(String value, int fallback, String name, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError(name, "must be an integer"));
            return fallback;
        }
    }

    public int offset() {
        return Math.multiplyExact(page, size);
    }
}
