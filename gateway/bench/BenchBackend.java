import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;

/**
 * Stand-in for registration-service in the benchmark: answers POST /api/plates/verify with a fixed
 * verification result after reading the request body, on Vert.x (the same HTTP stack as the suite's
 * Quarkus services) so that it costs little and the proxies' overhead stays visible.
 * Run: java -cp "<vert.x and netty jars>" BenchBackend.java PORT
 */
public class BenchBackend {
    public static void main(String[] args) {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "8091");
        Buffer answer = Buffer.buffer("{\"valid\":true,\"reason\":null,\"plateNumber\":\"杭A12345\",\"status\":\"ACTIVE\","
                + "\"category\":\"COMPLIANT\",\"brand\":\"Yadea\",\"model\":\"DE2\",\"ownerName\":\"张*\"}");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        vertx.createHttpServer().requestHandler(req -> {
            if (!"/api/plates/verify".equals(req.path())) {
                req.response().setStatusCode(404).end();
                return;
            }
            req.body().onSuccess(body -> req.response().putHeader("Content-Type", "application/json").end(answer));
        }).listen(port).onSuccess(s -> System.out.println("bench backend on " + port))
                .onFailure(e -> { e.printStackTrace(); System.exit(1); });
    }
}
