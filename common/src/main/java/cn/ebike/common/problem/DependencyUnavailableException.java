package cn.ebike.common.problem;

/**
 * Another service, Redis or the token endpoint could not give an answer: 503 {@code service-unavailable}
 * with {@code Retry-After}, nothing recorded. The cause is kept for the log, never shown to the caller.
 */
public class DependencyUnavailableException extends ApiException {

    public DependencyUnavailableException(String detail) {
        super(ProblemType.SERVICE_UNAVAILABLE, ProblemType.SERVICE_UNAVAILABLE.slug(), detail);
    }

    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(ProblemType.SERVICE_UNAVAILABLE, ProblemType.SERVICE_UNAVAILABLE.slug(),
                dependency + " is unavailable; nothing was recorded, try again later.", cause);
    }
}
