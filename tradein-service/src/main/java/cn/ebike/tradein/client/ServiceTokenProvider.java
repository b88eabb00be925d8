package cn.ebike.tradein.client;

import cn.ebike.common.problem.DependencyUnavailableException;
import cn.ebike.tradein.common.TradeinConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * SERVICE tokens for calls to registration and subsidy, from the gateway's client-credentials endpoint
 * ({@code SERVICE_TOKEN_URL}, client {@code tradein-service}, secret {@code TRADEIN_CLIENT_SECRET},
 * client_secret_post). A token is cached until {@code refresh-margin} before it expires and dropped when a
 * downstream answers 401. quarkus-oidc-client is not available to this suite, hence this small class.
 */
@ApplicationScoped
public class ServiceTokenProvider {

    private static final Logger LOG = Logger.getLogger(ServiceTokenProvider.class);

    @Inject
    TradeinConfig config;

    @Inject
    ObjectMapper mapper;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Clock clock = Clock.systemUTC();

    private volatile Cached cached;

    /** A valid access token, fetched once and shared until shortly before it expires. */
    public String token() {
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current.token();
        }
        synchronized (this) {
            current = cached;
            if (current != null && clock.instant().isBefore(current.refreshAt())) {
                return current.token();
            }
            cached = fetch();
            return cached.token();
        }
    }

    /** Forget the cached token (a downstream said 401: it may have been revoked or the key rotated). */
    public void invalidate() {
        cached = null;
    }

    private Cached fetch() {
        TradeinConfig.ServiceToken settings = config.serviceToken();
        String form = "grant_type=client_credentials"
                + "&client_id=" + encode(settings.clientId())
                + "&client_secret=" + encode(settings.clientSecret().orElse(""));
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.url()))
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DependencyUnavailableException("cannot obtain a service token: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted while obtaining a service token");
        }
        if (response.statusCode() != 200) {
            LOG.errorf("the token endpoint %s answered %d for client %s", settings.url(), response.statusCode(),
                    settings.clientId());
            throw new DependencyUnavailableException("cannot obtain a service token: the token endpoint answered "
                    + response.statusCode());
        }
        try {
            JsonNode body = mapper.readTree(response.body());
            String token = body.path("access_token").asText(null);
            long expiresIn = body.path("expires_in").asLong(300);
            if (token == null || token.isBlank()) {
                throw new DependencyUnavailableException("the token endpoint answered without access_token");
            }
            Instant now = clock.instant();
            Instant refreshAt = now.plusSeconds(expiresIn).minus(settings.refreshMargin());
            if (refreshAt.isBefore(now.plusSeconds(expiresIn / 2))) {
                refreshAt = now.plusSeconds(expiresIn / 2); // very short tokens: still reuse for half their life
            }
            return new Cached(token, refreshAt);
        } catch (IOException e) {
            throw new DependencyUnavailableException("the token endpoint answered something that is not JSON");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Cached(String token, Instant refreshAt) {
    }
}
