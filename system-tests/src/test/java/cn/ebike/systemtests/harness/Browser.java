package cn.ebike.systemtests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ScreenshotType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Debian's headless Chromium driven by Playwright for Java (no downloaded browser: the surefire configuration
 * sets PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD), phone-sized contexts, screenshots under {@code system-tests/target/screenshots},
 * axe-core from the web app's own {@code node_modules} (installed by the gateway build), ZXing for QR codes.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;
    private final Path shots;
    private final Path docs;
    private final String axeSource;
    /** Console messages and page errors of every page, to assert that no CSP violation or script error happened. */
    public final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    public Browser(Path suiteRoot) {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium fonts-noto-cjk (./suite and .ci/run do)");
        }
        Path axe = suiteRoot.resolve("gateway/src/main/webui/node_modules/axe-core/axe.min.js");
        try {
            axeSource = Files.readString(axe, StandardCharsets.UTF_8);
            shots = Files.createDirectories(suiteRoot.resolve("system-tests/target/screenshots"));
            docs = suiteRoot.resolve("gateway/docs");
        } catch (IOException e) {
            throw new UncheckedIOException("axe-core not found at " + axe + " (the gateway build runs npm ci)", e);
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(ARGS));
    }

    /** A phone: 375×667, touch, Chinese locale, China Standard Time. */
    public BrowserContext phone() {
        return phone(375, 667);
    }

    /** A desktop screen (the regulators' console): no touch, Chinese locale, China Standard Time. */
    public BrowserContext desktop(int width, int height) {
        BrowserContext c = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(width, height).setDeviceScaleFactor(1).setLocale("zh-CN").setTimezoneId("Asia/Shanghai")
                .setAcceptDownloads(true));
        c.onPage(this::watch);
        return c;
    }

    public BrowserContext phone(int width, int height) {
        BrowserContext c = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(width, height).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)
                .setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
        c.onPage(this::watch);
        return c;
    }

    private void watch(Page page) {
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type()) || m.text().contains("Content Security Policy")) {
                problems.add(page.url() + " console " + m.type() + ": " + m.text());
            }
        });
        page.onPageError(e -> problems.add(page.url() + " page error: " + e));
    }

    /** Saves a full-page screenshot as {@code target/screenshots/<name>.png}. */
    /**
     * Opens the regulators' console at {@code #hash} in a new page of {@code context}, signing in as
     * {@code regulator} when the context holds no session yet (a context keeps the refresh cookie of an earlier
     * page, and then the console opens signed in); sign-in returns to the page asked for. Waits for the menu.
     */
    public Page console(BrowserContext context, String baseUrl, String hash, String regulatorPassword) {
        Page page = context.newPage();
        page.setDefaultTimeout(30_000);
        page.navigate(baseUrl + "/console/#" + hash);
        page.locator("input[name=username], nav a").first().waitFor();
        if (page.locator("input[name=username]").isVisible()) {
            page.locator("input[name=username]").fill("regulator");
            page.locator("input[name=password]").fill(regulatorPassword);
            page.locator("button[type=submit]").click();
        }
        page.locator("nav a").first().waitFor();
        return page;
    }

    public Path shot(Page page, String name) {
        Path file = shots.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true).setType(ScreenshotType.PNG));
        return file;
    }

    /**
     * A console screen kept for the README: after {@code settleMs} (charts animate in), its screenshot is copied to
     * gateway/docs, and it must have no serious or critical axe-core violation and no horizontal overflow.
     */
    public void document(Page page, String name, int settleMs) {
        page.waitForTimeout(settleMs);
        Path shot = shot(page, name);
        try {
            Files.copy(shot, Files.createDirectories(docs).resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertAccessible(page, name);
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow on " + name).isLessThanOrEqualTo(0);
    }

    /** axe-core on the page as it is: the serious and critical violations, one line each. */
    public List<String> seriousViolations(Page page) {
        // evaluated through the DevTools protocol, which the page's CSP does not apply to
        page.evaluate(axeSource);
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) page.evaluate("""
                async () => {
                  const r = await axe.run(document, { resultTypes: ['violations'] });
                  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
                }""");
        return found;
    }

    public void assertAccessible(Page page, String screen) {
        assertThat(seriousViolations(page)).as("serious or critical accessibility violations on " + screen).isEmpty();
    }

    /** No horizontal scrolling, and every visible button at least 44 px tall. */
    public void assertFitsThePhone(Page page, String screen) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow (px) on " + screen).isLessThanOrEqualTo(0);
        @SuppressWarnings("unchecked")
        List<String> small = (List<String>) page.evaluate("""
                () => [...document.querySelectorAll('button, [role=button], .van-tabbar-item')]
                  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.height < 44; })
                  .map(e => (e.innerText || e.getAttribute('aria-label') || e.className).trim() + ' ' + Math.round(e.getBoundingClientRect().height) + 'px')""");
        assertThat(small).as("touch targets under 44 px on " + screen).isEmpty();
    }

    /** The text a QR code in this PNG carries. */
    public static String decodeQr(byte[] png) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels)));
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE,
                    DecodeHintType.TRY_HARDER, Boolean.TRUE, DecodeHintType.CHARACTER_SET, "UTF-8")).getText();
        } catch (Exception e) {
            throw new AssertionError("no QR code could be decoded from the screenshot", e);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
