package cn.ebike.subsidy.common;

import java.util.List;

/** A failure with a definite HTTP answer; mapped to problem+json by {@link ProblemMappers}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ApiException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ApiException badRequest(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static ApiException invalid(List<Problem.FieldError> errors) {
        return new ApiException(400, "invalid-request", "Invalid request",
                "The request has " + errors.size() + " invalid field(s)", errors);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", "Not found", what + " not found", null);
    }

    public static ApiException conflict(String slug, String detail) {
        return new ApiException(409, slug, "Conflict", detail, null);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "dependency-unavailable", "Service unavailable", detail, null);
    }

    public int status() {
        return status;
    }

    public Problem toProblem() {
        return Problem.of(status, slug, title, getMessage(), errors);
    }
}
