package cn.ebike.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Browser;
import cn.ebike.systemtests.harness.Ids;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.SuiteExtension;
import cn.ebike.systemtests.harness.Summary;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The regulators' console (/console/) in a real headless Chromium at 1366×768, through the gateway, against the
 * four real services: a regulator signs in, 总览 shows the figures the API returns (cards and the charts' tables),
 * 经销商 lists the dealers and exports them as a CSV with a BOM. Screenshots go to gateway/docs for the README;
 * axe-core finds no serious or critical violation; no CSP violation or script error.
 */
@Order(10)
@ExtendWith(SuiteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private final Api api;
    private final Suite suite;
    private Browser browser;
    private BrowserContext desktop;
    private Dealer dealer;
    private Path root;

    ConsoleBrowserTest(Api api, Suite suite) {
        this.api = api;
        this.suite = suite;
    }

    @BeforeAll
    void setUp() {
        String district = "拱墅区";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        api.campaign(district + Ids.receipt(), Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("第一阶段", now.minus(1, ChronoUnit.HOURS), now.plus(3, ChronoUnit.HOURS), 30_000, 100)));
        dealer = api.dealer(district, true);
        api.completedTradeIn(dealer);
        root = Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize();
        browser = new Browser(root);
        desktop = browser.desktop(1366, 768);
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    private void keep(Page page, String name) {
        browser.document(page, name, 800);
    }

    private static long digits(String text) {
        return Long.parseLong(text.replaceAll("[^0-9]", ""));
    }

    @Test
    void aRegulatorSignsInSeesTheFiguresAndExportsTheDealers() throws Exception {
        api.regulator();
        Page page = desktop.newPage();
        page.setDefaultTimeout(20_000);
        page.navigate(suite.browserUrl() + "/console/");
        page.locator("input[name=username]").fill("regulator");
        page.locator("input[name=password]").fill(api.password("regulator"));
        page.locator("button[type=submit]").click();

        try {
            assertThat(page.locator("[data-figure=dealers]")).isVisible(
                    new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
        } catch (AssertionError e) {
            browser.shot(page, "console-failed");
            throw new AssertionError("the overview did not show; page: " + page.locator("body").innerText()
                    + "; problems: " + browser.problems, e);
        }
        assertThat(page.locator("h1")).containsText("监管端");
        // "更新于 …" shows once every figure has loaded (a busy machine can make a service miss the gateway's
        // budget, and the page says so and tries again at the next 30 s refresh)
        assertThat(page.locator("p.status")).containsText("更新于",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(100_000));
        JsonPath overview = api.as(api.regulator()).get("/api/stats/overview").then().statusCode(200).extract().jsonPath();
        assertThat(digits(page.locator("[data-figure=dealers]").innerText())).isEqualTo(overview.getLong("dealers.total"));
        assertThat(digits(page.locator("[data-figure=plates]").innerText())).isEqualTo(overview.getLong("vehicles.platesIssued"));
        assertThat(digits(page.locator("[data-figure=filed]").innerText())).isEqualTo(overview.getLong("vehicles.filedNonStandard"));
        JsonPath completion = api.as(api.regulator()).get("/api/stats/completion?groupBy=district").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.locator("[data-table=completion] tbody tr").count()).isEqualTo(completion.getList("rows").size());
        JsonPath funnel = api.as(api.regulator()).get("/api/stats/funnel").then().statusCode(200).extract().jsonPath();
        assertThat(digits(page.locator("[data-table=funnel] tbody tr").first().locator("td").nth(1).textContent()))
                .isEqualTo(funnel.getLong("filed"));
        assertThat(page.locator("canvas").count()).isGreaterThanOrEqualTo(3);
        keep(page, "console-overview");

        page.locator("nav a", new Page.LocatorOptions().setHasText("经销商")).click();
        assertThat(page.locator("[data-table=dealers]")).isVisible();
        page.locator(".toolbar input").fill(dealer.district());
        assertThat(page.locator("[data-table=dealers] tbody tr").first()).containsText(dealer.district());
        Download download = page.waitForDownload(() -> page.locator(".toolbar button").click());
        byte[] csv = Files.readAllBytes(download.path());
        assertThat(csv[0] & 0xff).isEqualTo(0xEF);
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).contains(dealer.id());
        JsonPath table = api.as(api.regulator()).get("/api/stats/dealers?size=1").then().statusCode(200).extract().jsonPath();
        assertThat(text.split("\r\n")).hasSize(table.getInt("total") + 1);
        page.locator(".toolbar input").fill("");
        keep(page, "console-dealers");

        // the silent refresh at start answers 401 before sign-in: the browser logs that as a failed resource
        assertThat(browser.problems.stream().filter(m -> !m.contains("Failed to load resource")).toList())
                .as("CSP violations or script errors").isEmpty();
        Summary.line("console: a regulator signed in; 总览 and 经销商 show the API's figures; the dealer CSV has %d rows",
                table.getInt("total"));
    }
}
