package cn.ebike.common.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the caller sees as a problem+json answer. Services and value objects throw these (plain
 * Java, no container needed); {@link ProblemMappers} writes them. Thrown from a {@code @Transactional}
 * method it rolls the transaction back, so nothing is half-written. No stack trace is captured: these
 * are answers, not bugs.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final String slug;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers;

    public ApiException(ProblemType type, String detail, List<FieldError> errors) {
        this(type, type.slug(), detail, errors, Map.of(), Map.of());
    }

    /** For subclasses that are a specific kind of a registered type (e.g. {@code illegal-transition}, a 409). */
    protected ApiException(ProblemType type, String slug, String detail) {
        this(type, slug, detail, List.of(), Map.of(), type == ProblemType.SERVICE_UNAVAILABLE
                ? Map.of("Retry-After", "5") : Map.of());
    }

    /** As above, keeping {@code cause} for the log (it is never shown to the caller). */
    protected ApiException(ProblemType type, String slug, String detail, Throwable cause) {
        this(type, slug, detail, List.of(), Map.of(), type == ProblemType.SERVICE_UNAVAILABLE
                ? Map.of("Retry-After", "5") : Map.of(), cause);
    }

    private ApiException(ProblemType type, String slug, String detail, List<FieldError> errors,
            Map<String, Object> extensions, Map<String, String> headers) {
        this(type, slug, detail, errors, extensions, headers, null);
    }

    private ApiException(ProblemType type, String slug, String detail, List<FieldError> errors,
            Map<String, Object> extensions, Map<String, String> headers, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
        this.slug = slug;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.extensions = extensions;
        this.headers = headers;
    }

    // ---- the registry's kinds -----------------------------------------------------------------
    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(ProblemType.INVALID_INPUT, "The request has invalid fields.", errors);
    }

    /** Unknown object, or one the caller may not see: the same answer, so existence does not leak. */
    public static ApiException notFound(String what) {
        return new ApiException(ProblemType.NOT_FOUND, what + " not found.", List.of());
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(ProblemType.FORBIDDEN, detail, List.of());
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(ProblemType.UNAUTHORIZED, detail, List.of()).withHeader("WWW-Authenticate", "Bearer");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(ProblemType.CONFLICT, detail, List.of());
    }

    /** A 409 with a more specific type ({@code owner-mismatch}, {@code receipt-already-used}, ...), title "Conflict". */
    public static ApiException conflict(String slug, String detail) {
        return new ApiException(ProblemType.CONFLICT, slug, detail, List.of(), Map.of(), Map.of());
    }

    /** A 409 that names the field whose value conflicts (e.g. a duplicate frame number). */
    public static ApiException conflict(String slug, String detail, String field) {
        return new ApiException(ProblemType.CONFLICT, slug, detail, List.of(new FieldError(field, detail)), Map.of(),
                Map.of());
    }

    public static ApiException payloadTooLarge(long limitBytes) {
        return new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
                "The request body is larger than " + limitBytes + " bytes.", List.of());
    }

    public static ApiException rateLimited(long retryAfterSeconds, String detail) {
        return new ApiException(ProblemType.RATE_LIMITED, detail, List.of())
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(ProblemType.SERVICE_UNAVAILABLE, detail, List.of()).withHeader("Retry-After", "5");
    }

    // ---- additions -------------------------------------------------------------------------------
    /** The same problem with one more member in the body (e.g. {@code choices}). */
    public ApiException with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new ApiException(type, slug, getMessage(), errors, Map.copyOf(more), headers);
    }

    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(type, slug, getMessage(), errors, extensions, Map.copyOf(more));
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return type.status();
    }

    /** The last segment of the problem's {@code type}. */
    public String slug() {
        return slug;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Problem toProblem() {
        return new Problem(ProblemType.TYPE_BASE + slug, type.title(), type.status(), getMessage(), errors, extensions);
    }
}
