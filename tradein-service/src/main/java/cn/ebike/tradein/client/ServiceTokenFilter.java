package cn.ebike.tradein.client;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Puts the SERVICE bearer token on every request of the REST clients that register it, and drops the
 * cached token when the other service answers 401 so that the next attempt fetches a fresh one.
 */
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class ServiceTokenFilter implements ClientRequestFilter, ClientResponseFilter {

    private final ServiceTokenProvider tokens;

    public ServiceTokenFilter(ServiceTokenProvider tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token());
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        if (response.getStatus() == 401) {
            tokens.invalidate();
        }
    }
}
