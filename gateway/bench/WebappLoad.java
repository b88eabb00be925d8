import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * First load of the owners' app (/m/) in Debian's headless Chromium on a phone-sized screen, from a gateway
 * that is already running (BASE, default http://localhost:8080): what a new visitor downloads and how soon the
 * sign-in form is on screen. Run by webapp-load.sh; arguments: BASE RUNS.
 *
 * - bytes: every JavaScript and CSS file the browser fetched for the first screen (lazy chunks of other screens
 *   are not fetched), each gzip-compressed at level 6 (what nginx and most CDNs use), summed; budget 150 KB.
 * - timing, median of RUNS cold loads (new browser context: empty cache, no service worker): responseEnd of the
 *   page, DOMContentLoaded, first contentful paint, and "first meaningful render" = the moment the phone-number
 *   field of the sign-in form is visible (performance.now() when it appears).
 */
public class WebappLoad {

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (Playwright pw = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
                    .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
            Map<String, long[]> files = new LinkedHashMap<>();
            List<Map<String, Double>> samples = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 667)
                        .setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true).setLocale("zh-CN")
                        .setServiceWorkers(com.microsoft.playwright.options.ServiceWorkerPolicy.BLOCK));
                Page page = ctx.newPage();
                List<Response> responses = Collections.synchronizedList(new ArrayList<>());
                page.onResponse(responses::add);
                page.navigate(base + "/m/");
                page.waitForSelector("#phone");
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) page.evaluate("""
                        () => {
                          const nav = performance.getEntriesByType('navigation')[0];
                          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                          return { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd,
                                   firstContentfulPaint: fcp ? fcp.startTime : -1, formVisible: performance.now() };
                        }""");
                if (i == 0) { // the first run only collects the files (and warms the gateway)
                    for (Response r : responses) {
                        String url = r.url();
                        if (r.status() == 200 && (url.endsWith(".js") || url.endsWith(".css"))) {
                            byte[] body = r.body();
                            files.put(url.substring(url.indexOf("/assets/")), new long[] {body.length, gzip(body)});
                        }
                    }
                } else {
                    Map<String, Double> s = new LinkedHashMap<>();
                    t.forEach((k, v) -> s.put(k, ((Number) v).doubleValue()));
                    samples.add(s);
                }
                ctx.close();
            }
            browser.close();
            long raw = 0;
            long gz = 0;
            System.out.println("first load of " + base + "/m/ (JavaScript and CSS fetched for the sign-in screen):");
            for (Map.Entry<String, long[]> f : files.entrySet()) {
                raw += f.getValue()[0];
                gz += f.getValue()[1];
                System.out.printf("  %-40s %8.1f KB  gzip %7.1f KB%n", f.getKey(), f.getValue()[0] / 1024.0, f.getValue()[1] / 1024.0);
            }
            System.out.printf("  total %d files: %.1f KB, gzip %.1f KB (budget 150 KB: %s)%n", files.size(), raw / 1024.0,
                    gz / 1024.0, gz <= 150 * 1024 ? "met" : "EXCEEDED");
            System.out.printf("navigation timing, median of %d cold loads (ms):%n", samples.size());
            for (String k : List.of("responseEnd", "domContentLoaded", "firstContentfulPaint", "formVisible")) {
                List<Double> v = new ArrayList<>(samples.stream().map(s -> s.get(k)).toList());
                Collections.sort(v);
                System.out.printf("  %-22s median %7.1f   min %7.1f   max %7.1f%n", k, v.get(v.size() / 2), v.get(0), v.get(v.size() - 1));
            }
            if (gz > 150 * 1024) {
                System.exit(1);
            }
        }
    }

    static long gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out) { { def.setLevel(6); } }) {
            z.write(b);
        }
        return out.size();
    }
}
