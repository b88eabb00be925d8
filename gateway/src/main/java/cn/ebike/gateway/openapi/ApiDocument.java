package cn.ebike.gateway.openapi;

import cn.ebike.gateway.config.GatewayConfig;
import cn.ebike.gateway.proxy.Upstream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The merged public API document the gateway serves at {@code /api/openapi.json} and {@code .yaml}.
 * Built at start from each service's {@code /q/openapi} and the gateway's own, then kept fresh: a
 * service whose document could not be had is asked again every {@code retry} (5 s) until it answers,
 * and every document is fetched again every {@code refresh} (5 min), so a redeployed service's changes
 * show up. Meanwhile the gateway serves what it has and says which part is missing
 * ({@code info.x-ebike-missing}); a service down at start never stops the gateway.
 * <p>
 * The document is merged and written again only when a service's document <em>changed</em> (or was
 * forgotten): a retry that fails again, or a refresh that brings the same documents, costs one HTTP request
 * and nothing more. Merging and writing JSON and YAML is a lot of cold code (Jackson, SnakeYAML); run every
 * 5 s while a service is missing (the benchmark runs the gateway without two of them), it kept the JIT
 * compiler busy long after warm-up (issue 15). The gateway's own part is read from Quarkus once.
 */
@Singleton
public class ApiDocument {

    private static final Logger LOG = Logger.getLogger(ApiDocument.class);

    /** What is served: the document as JSON and YAML bytes, built once per change. */
    public record Served(byte[] json, byte[] yaml, List<String> missing) {
    }

    private final Vertx vertx;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final ObjectMapper yaml;
    private final ApiDocumentMerger merger;
    private final Instance<OpenApiDocumentService> ownDocument;
    private final String version;
    private final Map<Upstream, JsonNode> documents = new EnumMap<>(Upstream.class);
    private volatile Served served;
    /** Services whose failure was logged since they last answered (logged once, not every retry). */
    private final java.util.Set<Upstream> reportedMissing = java.util.EnumSet.noneOf(Upstream.class);
    /** The gateway's own part, read once: Quarkus built it at build time and it never changes. */
    private volatile JsonNode own;
    private HttpClient client;
    private long retryTimer = -1;
    private long refreshTimer = -1;

    public ApiDocument(Vertx vertx, GatewayConfig config, ObjectMapper json, Instance<OpenApiDocumentService> ownDocument,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "1") String version) {
        this.vertx = vertx;
        this.config = config;
        this.json = json;
        this.yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
        this.merger = new ApiDocumentMerger(json);
        this.ownDocument = ownDocument;
        this.version = version;
    }

    void start(@Observes StartupEvent event) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.proxy().connectTimeout().toMillis())
                .setIdleTimeout(10));
        rebuild();
        fetchAll(false);
        refreshTimer = vertx.setPeriodic(config.openapi().refresh().toMillis(), id -> fetchAll(true));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(retryTimer);
        vertx.cancelTimer(refreshTimer);
        if (client != null) {
            client.close();
        }
    }

    /** The current document (never null after start). */
    public Served current() {
        Served s = served;
        if (s == null) {
            rebuild();
            s = served;
        }
        return s;
    }

    /** Drops what is known of a service's document (tests: a gateway that never reached it). */
    void forget(Upstream u) {
        synchronized (documents) {
            documents.remove(u);
        }
        rebuild();
    }

    /**
     * Asks every service (or only those missing) for its document now. A failed answer keeps what was
     * known of that service: a service being redeployed does not vanish from the document.
     */
    public Future<Void> fetchAll(boolean everyService) {
        List<Future<Boolean>> asked = new ArrayList<>();
        for (Upstream u : Upstream.values()) {
            boolean have;
            synchronized (documents) {
                have = documents.containsKey(u);
            }
            if (everyService || !have) {
                asked.add(fetch(u));
            }
        }
        // done when every answer is in, whatever they were: the document says what is missing
        return Future.join(asked).transform(ar -> {
            boolean changed = false;
            for (Future<Boolean> f : asked) {
                changed |= f.succeeded() && f.result();
            }
            if (changed || served == null) {
                rebuild();
            }
            scheduleRetryIfMissing();
            return Future.<Void>succeededFuture();
        });
    }

    private void scheduleRetryIfMissing() {
        boolean missing;
        synchronized (documents) {
            missing = documents.size() < Upstream.values().length;
        }
        if (missing && retryTimer < 0) {
            retryTimer = vertx.setTimer(config.openapi().retry().toMillis(), id -> {
                retryTimer = -1;
                fetchAll(false);
            });
        }
    }

    /** One service's document; the future says whether it differs from what was known (failed: unchanged). */
    private Future<Boolean> fetch(Upstream u) {
        URI base = URI.create(switch (u) {
            case REGISTRATION -> config.services().registration();
            case TRADEIN -> config.services().tradein();
            case SUBSIDY -> config.services().subsidy();
        });
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost()).setPort(port)
                .setSsl("https".equals(base.getScheme())).setURI("/q/openapi?format=json")
                .setTimeout(config.stats().timeout().toMillis() * 3);
        return client.request(options)
                .compose(req -> req.send().compose(resp -> resp.statusCode() == 200 ? resp.body()
                        : Future.failedFuture(u.serviceName() + " answered " + resp.statusCode())))
                .map(this::parse)
                .map(doc -> {
                    synchronized (documents) {
                        reportedMissing.remove(u);
                        return !doc.equals(documents.put(u, doc));
                    }
                })
                .onFailure(e -> {
                    boolean first;
                    synchronized (documents) {
                        first = reportedMissing.add(u);
                    }
                    if (first) {
                        LOG.infof("API document of %s not available (%s); serving without it, trying again every %s",
                                u.serviceName(), e.getMessage(), config.openapi().retry());
                    } else {
                        LOG.debugf("API document of %s still not available (%s)", u.serviceName(), e.getMessage());
                    }
                });
    }

    private JsonNode parse(Buffer body) {
        try {
            return json.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getMessage());
        }
    }

    private synchronized void rebuild() {
        List<ApiDocumentMerger.Part> parts = new ArrayList<>();
        parts.add(new ApiDocumentMerger.Part("gateway", List.of("/api/auth", "/api/stats"), own()));
        synchronized (documents) {
            for (Upstream u : Upstream.values()) {
                parts.add(new ApiDocumentMerger.Part(u.serviceName(), u.prefixes(), documents.get(u)));
            }
        }
        ObjectNode merged = merger.merge(parts, version);
        List<String> missing = new ArrayList<>();
        merged.path("info").path("x-ebike-missing").forEach(m -> missing.add(m.asText()));
        try {
            served = new Served(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(merged),
                    yaml.writeValueAsBytes(merged), List.copyOf(missing));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gateway's own endpoints, as Quarkus documented them at build time (read once; the merger copies it). */
    private JsonNode own() {
        JsonNode o = own;
        if (o != null) {
            return o;
        }
        try {
            o = json.readTree(ownDocument.get().getDocument("<default>", Format.JSON));
            own = o;
            return o;
        } catch (Exception e) {
            LOG.warnf("the gateway's own API document is unavailable: %s", e.toString());
            return null;
        }
    }
}
