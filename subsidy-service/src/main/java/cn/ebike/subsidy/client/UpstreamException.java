package cn.ebike.subsidy.client;

/** A non-2xx answer from another service, classified by the REST clients' exception mappers. */
public class UpstreamException extends RuntimeException {

    private final int status;

    public UpstreamException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == 404;
    }

    public boolean unauthorized() {
        return status == 401;
    }

    /** 404 is an answer, 401 is handled by refreshing the token: neither is worth a blind retry. */
    public static class NotFound extends UpstreamException {
        public NotFound(String message) {
            super(404, message);
        }
    }

    public static class Refused extends UpstreamException {
        public Refused(int status, String message) {
            super(status, message);
        }
    }

    static RuntimeException of(String service, jakarta.ws.rs.core.Response response) {
        int status = response.getStatus();
        if (status == 404) {
            return new NotFound(service + " answered 404");
        }
        if (status == 401 || status == 403) {
            return new Refused(status, service + " refused our service token (" + status + ")");
        }
        return new UpstreamException(status, service + " answered " + status);
    }
}
