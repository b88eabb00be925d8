package cn.ebike.subsidy.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Attaches this service's bearer token to every call of the tradein and registration clients. */
@ApplicationScoped
public class ServiceTokenFilter implements ClientRequestFilter {

    private final ServiceTokenProvider tokens;

    public ServiceTokenFilter(ServiceTokenProvider tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ClientRequestContext ctx) {
        ctx.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token());
    }
}
