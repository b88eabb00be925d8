package cn.ebike.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Browser;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.SuiteExtension;
import cn.ebike.systemtests.harness.Summary;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Media;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A shop's public credit card (品质信用码, /v/dealer/{id}) in headless Chromium on a phone: what a consumer sees
 * after scanning the card hung in the shop — grade, measure, reasons in words, agent status — and the printed
 * QR, decoded from a screenshot, opens this very page. Screenshot, axe-core, no horizontal scroll, no CSP
 * violation or script error; printing hides the button.
 */
@Order(10)
@ExtendWith(SuiteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DealerCardBrowserTest {

    private static final String DISTRICT = "桐庐区";

    private final Api api;
    private final Suite suite;
    private Browser browser;
    private BrowserContext phone;

    DealerCardBrowserTest(Api api, Suite suite) {
        this.api = api;
        this.suite = suite;
    }

    @BeforeAll
    void setUp() {
        browser = new Browser(Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize());
        phone = browser.phone();
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    private void check(Page p, String name) {
        p.waitForTimeout(300);
        browser.shot(p, "dealer-card-" + name);
        browser.assertAccessible(p, name);
        browser.assertFitsThePhone(p, name);
    }

    @Test
    void aConsumerScansTheCardAndSeesTheGradeTheReasonsAndAPrintableQrOfThePage() {
        Dealer dealer = api.dealer(DISTRICT, true);
        Map<String, Object> inspection = new java.util.HashMap<>(Api.inspection(List.of("PRICES_MARKED")));
        inspection.put("samples", List.of(Map.of("product", "锂电池 48V 20Ah", "batch", "B-2026-11", "passed", false)));
        api.as(api.regulator()).body(inspection).post("/api/dealers/" + dealer.id() + "/inspections")
                .then().statusCode(201);

        Page p = phone.newPage();
        p.setDefaultTimeout(20_000);
        String pageUrl = suite.browserUrl() + "/v/dealer/" + dealer.id();
        p.navigate(pageUrl);
        assertThat(p.locator("[data-test=grade]")).isVisible();
        assertThat(p.locator("[data-test=grade]")).hasAttribute("data-grade", "B");
        assertThat(p.locator("[data-test=measure]")).hasText("跟踪监管");
        assertThat(p.locator("[data-test=agent]")).hasText("已授权");
        assertThat(p.locator("[data-test=reasons]")).containsText("检查项“明码标价”不合格，尚未整改完成，扣5分");
        assertThat(p.locator("[data-test=reasons]")).containsText("抽检不合格（锂电池 48V 20Ah，批次B-2026-11）");
        p.waitForFunction("() => { const i = document.querySelector('[data-test=dealer-qr]'); return i && i.complete && i.naturalWidth > 0; }");
        check(p, "grade-b");
        String decoded = Browser.decodeQr(p.locator("[data-test=dealer-qr]").screenshot());
        assertThat(decoded).isEqualTo(pageUrl);

        // printed: the card without the button
        p.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
        assertThat(p.locator("[data-test=print]")).isHidden();
        assertThat(p.locator("[data-test=dealer-qr]")).isVisible();
        browser.shot(p, "dealer-card-print");
        p.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.SCREEN));

        // a shop graded D: its card says so, and that it is no longer an authorised agent point
        Dealer bad = api.dealer(DISTRICT, true);
        api.as(api.regulator()).body(Api.inspection(List.of("CCC_CERTIFIED", "NO_MODIFICATION")))
                .post("/api/dealers/" + bad.id() + "/inspections").then().statusCode(201);
        p.navigate(suite.browserUrl() + "/v/dealer/" + bad.id());
        assertThat(p.locator("[data-test=grade]")).hasAttribute("data-grade", "D");
        assertThat(p.locator("[data-test=measure]")).hasText("特别监管");
        assertThat(p.locator("[data-test=agent]")).hasText("未授权或已暂停");
        assertThat(p.locator("[data-test=reasons]")).containsText("暂停代办点授权");
        check(p, "grade-d");

        // an unknown shop
        p.navigate(suite.browserUrl() + "/v/dealer/" + UUID.randomUUID());
        assertThat(p.locator("[data-state=unknown]")).containsText("未找到该商户");
        check(p, "unknown");

        assertThat(browser.problems.stream().filter(m -> !m.contains("Failed to load resource")).toList())
                .as("CSP violations or script errors").isEmpty();
        Summary.line("dealer card: grade B/D cards, reasons in words, printed QR decodes to the page");
    }
}
