package cn.ebike.subsidy.common;

/** Another service, Redis or the token endpoint could not give an answer: 503, nothing recorded. */
public class DependencyUnavailableException extends ApiException {

    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(503, "dependency-unavailable", "Service unavailable",
                dependency + " is unavailable; nothing was recorded, try again later", null);
        if (cause != null) {
            initCause(cause);
        }
    }
}
