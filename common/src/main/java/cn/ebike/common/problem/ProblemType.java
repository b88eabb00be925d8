package cn.ebike.common.problem;

/**
 * The registry of problem types (API.md, "Problem types"): one {@code type} and one {@code title} per
 * kind of failure, the same in every service and the gateway. A 409 may use a more specific type
 * ({@code owner-mismatch}, {@code receipt-already-used}, ...) with the title of {@link #CONFLICT}.
 */
public enum ProblemType {
    INVALID_INPUT(400, "invalid-input", "Invalid input"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    REQUEST_TIMEOUT(408, "request-timeout", "Request timeout"),
    CONFLICT(409, "conflict", "Conflict"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable");

    public static final String TYPE_BASE = "https://ebike.local/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return TYPE_BASE + slug;
    }

    /** The registered type for an HTTP status; statuses without one of their own count as invalid input (4xx) or internal (5xx). */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        if (status == 502 || status == 504) {
            return SERVICE_UNAVAILABLE;
        }
        return status >= 500 ? INTERNAL_ERROR : INVALID_INPUT;
    }
}
