package cn.ebike.tradein.client;

import cn.ebike.tradein.common.ApiException;

/** Another service could not be reached or answered with a failure: a 503 for our caller, retryable. */
public class DependencyUnavailableException extends ApiException {

    public DependencyUnavailableException(String detail) {
        super(503, "dependency-unavailable", detail);
    }
}
