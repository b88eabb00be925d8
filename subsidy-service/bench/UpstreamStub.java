/*
 * A fast stand-in for tradein-service, registration-service and the gateway's token endpoint, for the
 * claim benchmark only (java UpstreamStub.java <port> <district 0> [<district 1> ...]). Every answer is
 * computed from the id in the path, so any number of distinct, eligible trade-ins exist:
 *
 *   trade-in     00000000-0000-4000-8000-<12 hex index>   COMPLETED 2026-06-02, dealer 00000004-…
 *   owner        00000001-0000-4000-8000-<index>
 *   old vehicle  00000002-0000-4000-8000-<index>          NON_STANDARD_FILED 2023, SCRAPPED for the trade-in
 *   new vehicle  00000003-0000-4000-8000-<index>          COMPLIANT, plate ACTIVE
 *   dealer       00000004-0000-4000-8000-<12 hex d>       authorised, in district d of the arguments
 *
 * An index belongs to block d = index >> 32: its trade-in is at dealer d, in the d-th district argument. subsidy-service reads its sources with the two
 * internal bulk look-ups, POST /api/trade-ins/lookup and POST /api/vehicles/lookup {"ids":[...]}, answered
 * {"items":[...]}; that is all this stub serves besides the token endpoint.
 */
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class UpstreamStub {

    static final String PREFIX_TAIL = "-0000-4000-8000-";
    static String[] districts;

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        districts = java.util.Arrays.copyOfRange(args, 1, args.length);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", UpstreamStub::handle);
        server.start();
        System.out.println("upstream stub listening on " + port);
    }

    static String id(int kind, String index) {
        return String.format("%08x", kind) + PREFIX_TAIL + index;
    }

    static final Pattern UUID_RE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The trade-in of an index, as tradein-service's look-up shows it (with its dealer's summary). */
    static String tradeIn(String uuid) {
        String index = uuid.substring(24);
        int block = (int) (Long.parseLong(index, 16) >>> 32);
        String dealer = id(4, String.format("%012x", block));
        return "{\"id\":\"" + uuid + "\",\"dealerId\":\"" + dealer + "\",\"ownerId\":\"" + id(1, index)
                + "\",\"oldVehicleId\":\"" + id(2, index) + "\",\"newVehicleId\":\"" + id(3, index)
                + "\",\"status\":\"COMPLETED\",\"openedAt\":\"2026-06-02T08:00:00Z\","
                + "\"completedAt\":\"2026-06-02T10:00:00Z\",\"claimDelivered\":false,"
                + "\"dealer\":{\"id\":\"" + dealer + "\",\"district\":\"" + (block < districts.length ? districts[block] : "nowhere")
                + "\",\"authorizedAgent\":true}}";
    }

    /** A vehicle of an index (kind 2: the old filed bike, scrapped for the trade-in; kind 3: the new one). */
    static String vehicle(String uuid) {
        int kind = Integer.parseInt(uuid.substring(0, 8), 16);
        String index = uuid.substring(24);
        if (kind == 2) {
            return "{\"id\":\"" + uuid + "\",\"category\":\"NON_STANDARD_FILED\",\"status\":\"SCRAPPED\","
                    + "\"ownerId\":\"" + id(1, index) + "\",\"filedAt\":\"2023-03-01T00:00:00Z\","
                    + "\"plateStatus\":\"REVOKED\",\"scrapReference\":\"" + id(0, index) + "\"}";
        }
        if (kind == 3) {
            return "{\"id\":\"" + uuid + "\",\"category\":\"COMPLIANT\",\"status\":\"REGISTERED\","
                    + "\"ownerId\":\"" + id(1, index) + "\",\"plateStatus\":\"ACTIVE\"}";
        }
        return null;
    }

    /** {"items":[...]} for the ids of a look-up body; unknown ids are left out, as the real services do. */
    static String lookup(String requestBody, boolean tradeIns) {
        StringBuilder out = new StringBuilder("{\"items\":[");
        Matcher m = UUID_RE.matcher(requestBody);
        boolean first = true;
        while (m.find()) {
            String uuid = m.group();
            int kind = Integer.parseInt(uuid.substring(0, 8), 16);
            String item = tradeIns ? (kind == 0 ? tradeIn(uuid) : null) : vehicle(uuid);
            if (item != null) {
                out.append(first ? "" : ",").append(item);
                first = false;
            }
        }
        return out.append("]}").toString();
    }

    static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        int status = 200;
        String body;
        try (ex) {
            String request = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("/api/auth/token")) {
                body = "{\"access_token\":\"bench-service-token\",\"token_type\":\"Bearer\",\"expires_in\":300}";
            } else if (path.equals("/api/trade-ins/lookup")) {
                body = lookup(request, true);
            } else if (path.equals("/api/vehicles/lookup")) {
                body = lookup(request, false);
            } else {
                status = 404;
                body = "{\"status\":404}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
