package cn.ebike.common.paging;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ?page=&size=} parsed by hand, so that every bad value is a 400 naming its parameter (JAX-RS
 * would answer 404 for a query parameter it cannot convert): {@code page} a whole number ≥ 0,
 * {@code size} 1..200 (defaults 0 and 50), and {@code page × size} must fit a 64-bit offset. A page past
 * what a query can address ({@link #beyondAnyResult()}) is simply empty: no table holds 2³¹ rows.
 */
public record PageRequest(long page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public static PageRequest of(String page, String size) {
        List<FieldError> errors = new ArrayList<>();
        long p = 0;
        int s = DEFAULT_SIZE;
        if (page != null && !page.isBlank()) {
            try {
                p = Long.parseLong(page.trim());
                if (p < 0) {
                    errors.add(new FieldError("page", "must be a whole number from 0"));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("page", "must be a whole number from 0"));
            }
        }
        if (size != null && !size.isBlank()) {
            try {
                s = Integer.parseInt(size.trim());
                if (s < 1 || s > MAX_SIZE) {
                    errors.add(new FieldError("size", "must be a whole number from 1 to " + MAX_SIZE));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("size", "must be a whole number from 1 to " + MAX_SIZE));
            }
        }
        if (errors.isEmpty() && s > 0 && p > Long.MAX_VALUE / s) {
            errors.add(new FieldError("page", "is too large"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new PageRequest(p, s);
    }

    public static PageRequest first(int size) {
        return new PageRequest(0, size);
    }

    /** {@code page × size}; never overflows (checked when parsed). */
    public long offset() {
        return page * size;
    }

    /** True when the offset is past anything a query can return (more than 2³¹ − 1 rows): answer an empty page. */
    public boolean beyondAnyResult() {
        return offset() > Integer.MAX_VALUE - size;
    }

    /** The offset as the int JPA and Panache take; only call when {@link #beyondAnyResult()} is false. */
    public int intOffset() {
        return Math.toIntExact(offset());
    }

    /** Panache's page index: only call when {@link #beyondAnyResult()} is false. */
    public int intPage() {
        return Math.toIntExact(page);
    }
}
