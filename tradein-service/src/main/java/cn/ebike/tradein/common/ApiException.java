package cn.ebike.tradein.common;

import java.util.List;

/**
 * A business outcome that becomes an {@code application/problem+json} answer: the status, a stable
 * problem slug (the last segment of {@code type}), a human detail and, for 400, the bad fields.
 * Plain Java so that value objects and state machines can throw it without a container.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String slug;
    private final List<Problem.FieldError> errors;

    public ApiException(int status, String slug, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ApiException(int status, String slug, String detail) {
        this(status, slug, detail, List.of());
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "validation-failed", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", what + " not found");
    }

    public static ApiException conflict(String slug, String detail) {
        return new ApiException(409, slug, detail);
    }

    public static ApiException conflict(String slug, String detail, String field) {
        return new ApiException(409, slug, detail, List.of(new Problem.FieldError(field, detail)));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "dependency-unavailable", detail);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
