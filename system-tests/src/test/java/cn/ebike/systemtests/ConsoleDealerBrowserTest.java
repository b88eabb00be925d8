package cn.ebike.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Browser;
import cn.ebike.systemtests.harness.Ids;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.SuiteExtension;
import cn.ebike.systemtests.harness.Summary;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's 数据导入, 经销商详情 and 异常信号 pages in a real headless Chromium at 1366×768, through the gateway,
 * against the four real services: an upload shows its progress (bytes sent, then rows processed by polling the import
 * job) and its per-line errors, which download as a CSV; a dealer graded D by an inspection shows its grade, measure,
 * inspections, rectifications and signals as the API returns them, and accepting its submitted rectifications and
 * restoring its authorisation changes their status. Screenshots go to gateway/docs; axe-core finds no serious or
 * critical violation on any of them.
 */
@Order(11)
@ExtendWith(SuiteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleDealerBrowserTest {

    private static final String HEADER =
            "frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber";

    private final Api api;
    private final Suite suite;
    private Browser browser;
    private BrowserContext desktop;
    private Path root;

    ConsoleDealerBrowserTest(Api api, Suite suite) {
        this.api = api;
        this.suite = suite;
    }

    @BeforeAll
    void setUp() {
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

    private Page signedIn(String hash) {
        api.regulator();
        return browser.console(desktop, suite.browserUrl(), hash, api.password("regulator"));
    }

    private void keep(Page page, String name) {
        browser.document(page, name, 500);
    }

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    /**
     * The i-th of this test's own resident ID numbers: a region no other test uses and one birth date per row, so no
     * two rows name one person (Ids.idNumber() repeats every 15,000 numbers: a second row would be owner-mismatch).
     */
    private static String idNumber(int i) {
        String body = "330106" + java.time.LocalDate.of(1960, 1, 1).plusDays(i).toString().replace("-", "") + "123";
        int sum = 0;
        for (int k = 0; k < 17; k++) {
            sum += (body.charAt(k) - '0') * ID_WEIGHTS[k];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    private static long digits(String text) {
        return Long.parseLong(text.replaceAll("[^0-9]", ""));
    }

    private void noScriptErrors() {
        // the silent refresh at start answers 401 before sign-in: the browser logs that as a failed resource
        assertThat(browser.problems.stream().filter(m -> !m.contains("Failed to load resource")).toList())
                .as("CSP violations or script errors").isEmpty();
    }

    @Test
    void anUploadShowsItsProgressThenTheErrorsByLineWhichDownloadAsCsv() throws Exception {
        int good = 6000;
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < good; i++) {
            csv.append(String.join(",", Ids.filedFrame(), "M" + Ids.next(), "老款", "X1", "LEAD_ACID", Ids.name(),
                    idNumber(i), Ids.phone(), "2024-01-01", "")).append('\n');
        }
        int firstBad = good + 2;
        csv.append(String.join(",", Ids.filedFrame(), "M1", "老款", "X1", "DIESEL", Ids.name(), Ids.idNumber(),
                Ids.phone(), "2024-01-01", "")).append('\n');                                  // batteryType
        csv.append("只有,三列,而已\n");                                                         // row
        Path file = Files.createTempFile("filing-", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        Page page = signedIn("/import");
        List<String> seen = new CopyOnWriteArrayList<>();
        page.onResponse(r -> {
            if (r.url().matches(".*/api/vehicles/imports/[0-9a-f-]{36}$") && r.status() == 200) {
                seen.add(r.text());
            }
        });
        page.locator("[data-testid=import-file]").setInputFiles(file);
        page.locator("button", new Page.LocatorOptions().setHasText("开始导入")).click();
        assertThat(page.locator("[data-testid=import-progress]")).isVisible();
        try {
            assertThat(page.locator("[data-testid=import-result]")).isVisible(
                    new LocatorAssertions.IsVisibleOptions().setTimeout(120_000));
        } catch (AssertionError e) {
            browser.shot(page, "console-import-failed");
            throw new AssertionError("the import did not end on screen: " + page.locator("body").innerText(), e);
        }
        // the page showed the job while it ran (its first poll follows the upload at once), then its end
        assertThat(seen).anySatisfy(body -> assertThat(body).contains("\"status\":\"RUNNING\""));
        assertThat(page.locator("[data-progress=upload]").getAttribute("value")).isEqualTo("100");
        assertThat(page.locator("[data-progress=process]").getAttribute("value")).isEqualTo("100");
        assertThat(page.locator("[data-figure=upload]")).containsText("100%");

        String jobId = seen.get(seen.size() - 1).replaceAll(".*\"id\":\"([0-9a-f-]{36})\".*", "$1");
        JsonPath job = api.as(api.regulator()).get("/api/vehicles/imports/" + jobId).then().statusCode(200)
                .extract().jsonPath();
        assertThat(job.getString("status")).isEqualTo("DONE");
        assertThat(job.getLong("rowsProcessed")).isEqualTo(good + 2);
        assertThat(job.getLong("rowsImported")).isEqualTo(good);
        assertThat(digits(page.locator("[data-figure=rows]").innerText())).isEqualTo(good + 2);
        assertThat(digits(page.locator("[data-figure=imported]").innerText())).isEqualTo(good);
        assertThat(digits(page.locator("[data-figure=rejected]").innerText())).isEqualTo(2);
        assertThat(page.locator("[data-figure=rowsProcessed]")).containsText(String.format(java.util.Locale.ROOT, "%,d", good + 2));

        // the error report by line, as on the API
        assertThat(page.locator("[data-table=import-errors] tbody tr")).hasCount(2);
        assertThat(page.locator("[data-table=import-errors] tbody tr").nth(0)).containsText(String.valueOf(firstBad));
        assertThat(page.locator("[data-table=import-errors] tbody tr").nth(0)).containsText("电池类型");
        assertThat(page.locator("[data-table=import-errors] tbody tr").nth(1)).containsText(String.valueOf(firstBad + 1));
        // the service's English line errors are read in Chinese here
        assertThat(page.locator("[data-table=import-errors] tbody tr").nth(0)).containsText("须为 LEAD_ACID（铅酸）或 LITHIUM（锂电）");
        assertThat(page.locator("[data-table=import-errors] tbody tr").nth(1)).containsText("有 3 列，应为 10 列");
        keep(page, "console-import");

        Download download = page.waitForDownload(() -> page.locator("button", new Page.LocatorOptions()
                .setHasText("下载错误报告")).click());
        byte[] report = Files.readAllBytes(download.path());
        assertThat(report[0] & 0xff).isEqualTo(0xEF);
        List<String> lines = new String(report, StandardCharsets.UTF_8).substring(1).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith(firstBad + ",batteryType,");
        assertThat(lines.get(2)).startsWith((firstBad + 1) + ",row,");
        noScriptErrors();
        Files.deleteIfExists(file);
        Summary.line("console import: %d rows uploaded with progress, job seen RUNNING then DONE, %d imported, 2 errors "
                + "by line on screen and in the CSV", good + 2, good);
    }

    @Test
    void aDealersPageShowsItsGradeInspectionsAndSignalsAndItsRectificationsCanBeAcceptedAndTheShopRestored()
            throws Exception {
        Dealer dealer = api.dealer("滨江区", true);
        api.completedTradeIn(dealer); // completed within minutes: a FAST_COMPLETION signal
        String base = "/api/dealers/" + dealer.id();
        List<String> rectifications = api.as(api.regulator()).body(Api.inspection(List.of("CCC_CERTIFIED", "NO_MODIFICATION")))
                .post(base + "/inspections").then().statusCode(201).extract().path("rectificationIds");
        for (String r : rectifications) {
            api.as(api.token(dealer)).body(Map.of("note", "已下架无 3C 车辆并恢复原厂状态"))
                    .post(base + "/rectifications/" + r + "/submission").then().statusCode(200);
        }
        JsonPath credit = api.as(api.regulator()).get(base + "/credit").then().statusCode(200).extract().jsonPath();
        assertThat(credit.getString("grade")).isEqualTo("D");
        String name = api.as(api.regulator()).get(base).then().statusCode(200).extract().path("name");

        // from the dealer table to the dealer's page
        Page page = signedIn("/dealers");
        page.locator(".toolbar input").fill(name);
        page.locator("[data-table=dealers] a", new Page.LocatorOptions().setHasText(name)).click();
        assertThat(page.locator("[data-testid=dealer-detail]")).isVisible();
        assertThat(page.locator("h2.pagetitle")).hasText(name);
        assertThat(page.locator("[data-figure=grade]")).hasText("D");
        assertThat(page.locator("[data-figure=score]")).hasText(String.valueOf(credit.getInt("score")));
        assertThat(page.locator("[data-figure=measure]")).containsText("特别监管");
        assertThat(page.locator("[data-list=reasons] li")).hasCount(credit.getList("reasons").size());
        assertThat(page.locator("[data-figure=authorized]")).containsText("已暂停");
        JsonPath inspections = api.as(api.regulator()).get(base + "/inspections").then().statusCode(200).extract().jsonPath();
        assertThat(page.locator("[data-table=inspections] tbody tr")).hasCount(inspections.getInt("total"));
        assertThat(page.locator("[data-table=inspections] tbody tr").first()).containsText("市场监管所 检查组");
        assertThat(page.locator("[data-table=rectifications] tbody tr[data-rectification]")).hasCount(2);
        assertThat(page.locator("[data-table=dealer-trade-ins] tbody tr")).hasCount(1);
        assertThat(page.locator("[data-table=dealer-trade-ins] tbody tr").first()).containsText("已完成");
        List<Map<String, Object>> signals = api.as(api.regulator()).header("Cache-Control", "no-cache").get("/api/stats/signals").then().statusCode(200)
                .extract().jsonPath().getList("$");
        long own = signals.stream().filter(s -> dealer.id().equals(s.get("subject"))).count();
        assertThat(own).as("the quick trade-in is a FAST_COMPLETION signal").isPositive();
        assertThat(page.locator("[data-table=dealer-signals] tbody tr")).hasCount((int) own);
        assertThat(page.locator("[data-table=dealer-signals]")).containsText("完成过快");

        // restoring is refused while a rectification is open, and the page says why
        page.locator("button", new Page.LocatorOptions().setHasText("恢复代办资格")).click();
        assertThat(page.locator(".error[role=alert]")).containsText("未关闭的整改");

        // accepting one: it closes (on the API too) and leaves the open list
        String first = rectifications.get(0);
        page.locator("[data-rectification='" + first + "'] button", new Page.LocatorOptions().setHasText("通过")).click();
        assertThat(page.locator(".notice")).containsText("已关闭");
        assertThat(page.locator("[data-table=rectifications] tbody tr[data-rectification]")).hasCount(1);
        assertThat(statusOf(base, first)).isEqualTo("CLOSED");
        keep(page, "console-dealer");

        // returning the other sends it back to the dealer (OPEN); once resubmitted and accepted, the shop is restored
        String second = rectifications.get(1);
        page.locator("[data-rectification='" + second + "'] input").fill("现场复查仍有改装车辆");
        page.locator("[data-rectification='" + second + "'] button", new Page.LocatorOptions().setHasText("退回")).click();
        assertThat(page.locator("[data-rectification='" + second + "'] [data-field=status]")).hasText("待整改");
        assertThat(statusOf(base, second)).isEqualTo("OPEN");
        api.as(api.token(dealer)).body(Map.of("note", "改装车辆已全部恢复"))
                .post(base + "/rectifications/" + second + "/submission").then().statusCode(200);
        page.reload();
        page.locator("[data-rectification='" + second + "'] button", new Page.LocatorOptions().setHasText("通过")).click();
        assertThat(page.locator("[data-table=rectifications] tbody tr[data-rectification]")).hasCount(0);
        page.locator("button", new Page.LocatorOptions().setHasText("恢复代办资格")).click();
        assertThat(page.locator("[data-figure=authorized]")).hasText("是");
        assertThat(api.as(api.regulator()).get(base).then().statusCode(200).extract().<Boolean>path("authorizedAgent")).isTrue();
        noScriptErrors();
        Summary.line("console dealer page: grade D, %d inspection(s), %d signal(s) as on the API; 2 rectifications "
                + "reviewed in the page (accepted; returned, resubmitted, accepted), authorisation restored",
                inspections.getInt("total"), own);
    }

    private String statusOf(String base, String rectification) {
        List<Map<String, Object>> all = api.as(api.regulator()).get(base + "/rectifications").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(r -> rectification.equals(r.get("id"))).map(r -> (String) r.get("status"))
                .findFirst().orElseThrow();
    }

    @Test
    void theSignalsPageListsWhatTheApiReturnsAndLinksTheDealers() throws Exception {
        Dealer dealer = api.dealer("上城区", true);
        api.completedTradeIn(dealer);
        List<Map<String, Object>> signals = api.as(api.regulator()).header("Cache-Control", "no-cache").get("/api/stats/signals").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(signals).anySatisfy(s -> assertThat(s.get("subject")).isEqualTo(dealer.id()));
        String name = api.as(api.regulator()).get("/api/dealers/" + dealer.id()).then().statusCode(200).extract().path("name");

        Page page = signedIn("/signals");
        assertThat(page.locator("[data-table=signals] tbody tr").first()).not().containsText("加载中");
        int rows = page.locator("[data-table=signals] tbody tr").count();
        // the page may have refreshed after more signals: at least what the API said a moment ago
        assertThat(rows).isGreaterThanOrEqualTo(signals.size());
        assertThat(page.locator("[data-table=signals]")).containsText("完成过快");
        keep(page, "console-signals");

        page.locator("select").selectOption("FAST_COMPLETION");
        assertThat(page.locator("[data-table=signals] tbody tr", new Page.LocatorOptions().setHasText("取消率异常")))
                .hasCount(0);
        page.locator("[data-table=signals] a", new Page.LocatorOptions().setHasText(name)).first().click();
        assertThat(page.locator("h2.pagetitle")).hasText(name);
        noScriptErrors();
        Summary.line("console signals: %d signals listed as on the API, a dealer's links to its page", rows);
    }
}
