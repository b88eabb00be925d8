package cn.ebike.registration.common;

import java.util.List;

/**
 * A failure the caller should see as a problem+json answer. Services throw these; the mappers in
 * {@link ProblemMapper} turn them into responses. Thrown from a {@code @Transactional} method it rolls
 * the transaction back, so nothing is half-written.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;

    public ApiException(int status, String slug, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "invalid-input", "Invalid input", "The request has invalid fields.",
                List.of(new FieldError(field, message)));
    }

    public static ApiException badRequest(List<FieldError> errors) {
        return new ApiException(400, "invalid-input", "Invalid input", "The request has invalid fields.", errors);
    }

    /** Unknown object, or one the caller may not see: the same answer, so existence does not leak. */
    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", "Not found", what + " not found.", List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail, List.of());
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail, List.of());
    }

    public static ApiException payloadTooLarge(long limitBytes) {
        return new ApiException(413, "payload-too-large", "Payload too large",
                "The request body is larger than " + limitBytes + " bytes.", List.of());
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "service-unavailable", "Service unavailable", detail, List.of());
    }

    public Problem toProblem() {
        return Problem.of(status, slug, title, getMessage(), errors);
    }

    public int status() {
        return status;
    }
}
