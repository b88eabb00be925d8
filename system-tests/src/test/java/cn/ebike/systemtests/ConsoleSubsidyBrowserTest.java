package cn.ebike.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Owner;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Api.TradeIn;
import cn.ebike.systemtests.harness.Browser;
import cn.ebike.systemtests.harness.Ids;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Suite.Service;
import cn.ebike.systemtests.harness.SuiteExtension;
import cn.ebike.systemtests.harness.Summary;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's 补贴 page in a real headless Chromium at 1366×768, through the gateway, against the four real
 * services: a campaign of one district with grants at two dealers, two paid and one whose payout failed (the sandbox
 * provider declines every payment for a while). The page shows the figures the API returns (phases, grants with
 * filters, failed payouts, reconciliation); 重试 on the failed payout gets it paid; the reconciliation CSV downloads
 * with the API's rows. Then, with a small page size ({@code #/subsidy?size=2}), the grants list and the
 * reconciliation page through the API beyond their first page, and with two discrepancies planted at the provider
 * (a payment of the wrong amount, a payment for no grant) 只看不一致 keeps the flagged grant, highlighted.
 * Screenshots to gateway/docs; axe-core finds no serious or critical violation.
 */
@Order(11)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SuiteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSubsidyBrowserTest {

    private static final String DISTRICT = "钱塘区";
    /** The suite's own sandbox behaviour (Suite: PAYOUT_SANDBOX_*), put back after this class. */
    private static final Map<String, Object> SUITE_SANDBOX = Map.of("latencyMs", 20, "failureRate", 0.2, "lostAnswerRate", 0.1);

    private final Api api;
    private final Suite suite;
    private Browser browser;
    private BrowserContext desktop;
    private Path root;
    private String campaignId;
    private String phaseId;
    private Dealer second;
    private final List<String> paidIds = new ArrayList<>();
    private String failedId;
    private String secondDealersId;

    ConsoleSubsidyBrowserTest(Api api, Suite suite) {
        this.api = api;
        this.suite = suite;
    }

    @BeforeAll
    void setUp() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        campaignId = api.campaign(DISTRICT, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("第一阶段", now.minus(2, ChronoUnit.HOURS), now.plus(3, ChronoUnit.HOURS), 30_000, 10),
                new Phase("第二阶段", now.plus(3, ChronoUnit.HOURS), now.plus(30, ChronoUnit.DAYS), 20_000, 20)));
        phaseId = api.as(api.regulator()).get("/api/campaigns/" + campaignId).then().statusCode(200)
                .extract().path("phases[0].id");
        Dealer first = api.dealer(DISTRICT, true);
        second = api.dealer(DISTRICT, true);

        // two grants paid with the suite's usual (flaky but recovering) provider
        Api.payoutSandbox(Map.of("latencyMs", 20, "failureRate", 0.0, "lostAnswerRate", 0.0));
        for (Dealer d : List.of(first, second)) {
            String id = grantWithWallet(d);
            paidIds.add(id);
            if (d == second) {
                secondDealersId = id;
            }
        }
        for (String id : paidIds) {
            awaitStatus(id, "PAID");
        }
        // one whose every attempt is declined: FAILED after the round's attempts (about half a minute of back-off)
        Api.payoutSandbox(Map.of("failureRate", 1.0, "lostAnswerRate", 0.0));
        failedId = grantWithWallet(first);
        awaitStatus(failedId, "FAILED");
        // from now on the provider pays: the retry from the console succeeds
        Api.payoutSandbox(Map.of("failureRate", 0.0, "lostAnswerRate", 0.0));

        root = Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize();
        browser = new Browser(root);
        desktop = browser.desktop(1366, 768);
    }

    @AfterAll
    void tearDown() {
        Api.payoutSandbox(SUITE_SANDBOX);
        if (browser != null) {
            browser.close();
        }
    }

    /** A completed trade-in at this dealer, granted, with the owner's wallet bound: its subsidy id. */
    private String grantWithWallet(Dealer dealer) {
        Owner owner = api.owner(dealer);
        TradeIn t = api.readyTradeIn(dealer, owner, api.filedBike(owner));
        api.complete(dealer, t.id()).then().statusCode(200);
        String[] id = new String[1];
        Api.await("the claim of " + t.id(), Duration.ofSeconds(60), () -> {
            List<Map<String, Object>> found = api.subsidies(campaignId).stream()
                    .filter(s -> t.id().equals(s.get("tradeInId"))).toList();
            if (found.isEmpty()) {
                return false;
            }
            id[0] = (String) found.get(0).get("id");
            return true;
        });
        assertThat(api.as(api.regulator()).get("/api/subsidies/" + id[0]).then().statusCode(200).extract()
                .<String>path("status")).isEqualTo("GRANTED");
        api.as(api.token(owner)).body(Map.of("walletId", "0021" + Ids.ccc())).put("/api/subsidies/wallet").then()
                .statusCode(200);
        return id[0];
    }

    private String dealerOf(String subsidyId) {
        return api.as(api.regulator()).get("/api/subsidies/" + subsidyId).then().statusCode(200).extract().path("dealerId");
    }

    private void awaitStatus(String subsidyId, String status) {
        Api.await("subsidy " + subsidyId + " to be " + status, Duration.ofSeconds(180), () -> status.equals(
                api.as(api.regulator()).get("/api/subsidies/" + subsidyId).then().extract().path("status")));
    }

    private void keep(Page page, String name) {
        browser.document(page, name, 800);
    }

    private static String yuan(long fen) {
        return String.format("¥%,d.%02d", fen / 100, fen % 100);
    }

    private void openCampaign(Page page) {
        page.locator("select[name=district]").selectOption(DISTRICT);
        page.locator("select[name=campaign]").selectOption(campaignId);
        assertThat(page.locator("[data-table=phases] tr[data-phase='" + phaseId + "']")).isVisible();
    }

    @Test
    @Order(1)
    void aRegulatorSeesTheMoneyRetriesAFailedPayoutAndDownloadsTheReconciliation() throws Exception {
        Page page = desktop.newPage();
        page.setDefaultTimeout(30_000);
        page.navigate(suite.browserUrl() + "/console/#/subsidy");
        page.locator("input[name=username]").fill("regulator");
        page.locator("input[name=password]").fill(api.regulatorPassword());
        page.locator("button[type=submit]").click();
        try {
            assertThat(page.locator("select[name=campaign]")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
        } catch (AssertionError e) {
            browser.shot(page, "console-subsidy-failed");
            throw new AssertionError("the 补贴 page did not show; page: " + page.locator("body").innerText()
                    + "; problems: " + browser.problems, e);
        }
        assertThat(page.locator("nav a[aria-current=page]")).hasText("补贴");
        openCampaign(page);

        // the phases: the API's figures
        JsonPath stats = api.as(api.regulator()).get("/api/campaigns/" + campaignId + "/stats").then().statusCode(200)
                .extract().jsonPath();
        assertThat(stats.getLong("phases[0].granted")).isEqualTo(3);
        assertThat(stats.getLong("phases[0].paid")).isEqualTo(2);
        assertThat(stats.getLong("phases[0].failed")).isEqualTo(1);
        Locator row = page.locator("[data-table=phases] tr[data-phase='" + phaseId + "']");
        assertThat(row.locator("[data-col=granted]")).hasText(Long.toString(stats.getLong("phases[0].granted")));
        assertThat(row.locator("[data-col=remaining]")).hasText(Long.toString(stats.getLong("phases[0].remaining")));
        assertThat(row.locator("[data-col=paid]")).hasText(Long.toString(stats.getLong("phases[0].paid")));
        assertThat(row.locator("[data-col=failed]")).hasText(Long.toString(stats.getLong("phases[0].failed")));
        assertThat(row.locator("[data-col=grantedFen]")).hasText(yuan(stats.getLong("phases[0].grantedFen")));
        assertThat(row.locator("[data-col=paidFen]")).hasText(yuan(stats.getLong("phases[0].paidFen")));
        // the burn-down's table: the API's last point of the first phase
        JsonPath burn = api.as(api.regulator()).get("/api/campaigns/" + campaignId + "/burndown?interval=day").then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> points = burn.getList("phases[0].points");
        assertThat(page.locator("[data-table=burndown] tbody tr"))
                .hasCount(burn.getList("phases.points").stream().mapToInt(p -> Math.max(1, ((List<?>) p).size())).sum());
        assertThat(page.locator("[data-table=burndown] tbody tr").nth(points.size() - 1).locator("td").nth(4))
                .hasText(points.get(points.size() - 1).get("remaining").toString());
        assertThat(page.locator("[data-table=money] tbody tr").first().locator("td").nth(4))
                .hasText(yuan(stats.getLong("phases[0].paidFen")));
        assertThat(page.locator("canvas").count()).as("the burn-down and the money chart").isGreaterThanOrEqualTo(2);

        // grants: total, then the dealer and status filters answer as the API does
        assertThat(page.locator("[data-figure=grantsTotal]")).hasText("共 3 条");
        assertThat(page.locator("[data-table=grants] tbody tr")).hasCount(3);
        page.locator("select[name=dealer]").selectOption(second.id());
        assertThat(page.locator("[data-table=grants] tbody tr")).hasCount(1);
        assertThat(page.locator("[data-table=grants] tbody tr").first()).hasAttribute("data-subsidy", secondDealersId);
        page.locator("select[name=dealer]").selectOption("");
        page.locator("select[name=status]").selectOption("PAID");
        assertThat(page.locator("[data-figure=grantsTotal]")).hasText("共 2 条");
        assertThat(page.locator("[data-table=grants] tbody tr[data-subsidy]")).hasCount(2);
        page.locator("select[name=status]").selectOption("");
        assertThat(page.locator("[data-figure=grantsTotal]")).hasText("共 3 条");

        // the failed payout, and the reconciliation as the API reports it
        Locator failedRow = page.locator("[data-table=failed] tr[data-subsidy='" + failedId + "']");
        int attempts = api.as(api.regulator()).get("/api/subsidies/" + failedId).then().statusCode(200).extract()
                .path("payoutAttempts");
        assertThat(failedRow.locator("td").nth(4)).hasText(attempts + " 次");
        assertThat(failedRow.locator("td").nth(2)).hasText(api.as(api.regulator()).get("/api/dealers/" + dealerOf(failedId))
                .then().statusCode(200).extract().<String>path("name"));
        JsonPath recon = api.as(api.regulator()).get("/api/campaigns/" + campaignId + "/reconciliation").then()
                .statusCode(200).extract().jsonPath();
        assertThat(page.locator("[data-figure=reconGrants]")).hasText(Long.toString(recon.getLong("summary.grants")));
        assertThat(page.locator("[data-figure=mismatches]")).hasText(Long.toString(recon.getLong("summary.mismatches")));
        assertThat(page.locator("[data-table=reconciliation] tr[data-subsidy]")).hasCount(recon.getList("items").size());
        long flagged = recon.getList("items.mismatches", List.class).stream().filter(m -> !m.isEmpty()).count();
        assertThat(page.locator("[data-table=reconciliation] tr.mismatch")).hasCount((int) flagged);
        assertThat(page.locator("[data-table=stray-payments] tr.mismatch")).hasCount(recon.getList("unknownProviderPayments").size());
        keep(page, "console-subsidy");

        // 重试: the payout-retry call; the failed list empties and the grant gets paid
        failedRow.locator("button", new Locator.LocatorOptions().setHasText("重试")).click();
        assertThat(page.locator("p.note")).containsText("已重新发起发放");
        assertThat(failedRow).hasCount(0);
        String after = api.as(api.regulator()).get("/api/subsidies/" + failedId).then().statusCode(200).extract().path("status");
        assertThat(after).isIn("GRANTED", "PAYING", "PAID");
        awaitStatus(failedId, "PAID");
        page.reload();
        assertThat(page.locator("select[name=campaign]")).isVisible();
        openCampaign(page);
        assertThat(page.locator("[data-table=grants] tr[data-subsidy='" + failedId + "']")).containsText("已到账");
        assertThat(page.locator("[data-table=failed] tbody")).containsText("没有发放失败的补贴");
        assertThat(page.locator("[data-table=phases] tr[data-phase='" + phaseId + "'] [data-col=paid]")).hasText("3");

        // the reconciliation CSV: exactly the API's CSV (one line per grant), with a BOM for Excel
        Download download = page.waitForDownload(() -> page.locator("[data-action=reconciliation-csv]").click());
        byte[] csv = Files.readAllBytes(download.path());
        assertThat(download.suggestedFilename()).endsWith(".csv");
        assertThat(csv[0] & 0xff).isEqualTo(0xEF);
        String text = new String(csv, StandardCharsets.UTF_8).substring(1);
        String fromApi = api.as(api.regulator()).accept("text/csv").get("/api/campaigns/" + campaignId + "/reconciliation?format=csv")
                .then().statusCode(200).extract().asString();
        assertThat(text).isEqualTo(fromApi);
        String[] lines = text.split("\r\n");
        assertThat(lines[0]).startsWith("subsidyId,tradeInId");
        assertThat(lines).hasSize(1 + 3);
        for (String id : List.of(paidIds.get(0), paidIds.get(1), failedId)) {
            assertThat(text).contains(id);
        }
        assertThat(List.of(lines).stream().filter(l -> l.startsWith(failedId)).findFirst().orElseThrow()).contains(",PAID,");
        keep(page, "console-subsidy-retried");

        assertThat(browser.problems.stream().filter(m -> !m.contains("Failed to load resource")).toList())
                .as("CSP violations or script errors").isEmpty();
        Summary.line("console 补贴: phases, burn-down, grants (filters) and reconciliation equal the API; a FAILED payout retried "
                + "from the console was PAID; the reconciliation CSV (%d lines) equals the API's", lines.length);
    }

    private Page signedIn(String hash) {
        Page page = browser.console(desktop, suite.browserUrl(), hash, api.regulatorPassword());
        assertThat(page.locator("select[name=campaign]")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
        return page;
    }

    private void sql(String statement, Object... params) throws Exception {
        try (var c = suite.jdbc(Service.SUBSIDY); var st = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.executeUpdate();
        }
    }

    private List<String> ids(Locator rows) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.count(); i++) {
            out.add(rows.nth(i).getAttribute("data-subsidy"));
        }
        return out;
    }

    @Test
    @Order(2)
    void theListsPageBeyondTheFirstPageAndOnlyTheMismatchesCanBeShown() throws Exception {
        // two discrepancies at the provider: one grant's payment a fen short, and a payment for no grant of ours
        String shortPaid = paidIds.get(0);
        String stray = java.util.UUID.randomUUID().toString();
        sql("update sandbox_payment set amount_fen = amount_fen - 1 where idempotency_key = ?", shortPaid);
        sql("insert into sandbox_payment (payment_id, idempotency_key, wallet_masked, amount_fen, reference, created_at) "
                + "values (?, ?, '0021****0000', 500, ?, now())", java.util.UUID.randomUUID(), stray, campaignId);
        try {
            JsonPath all = api.as(api.regulator()).get("/api/campaigns/" + campaignId + "/reconciliation?size=200").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(all.getLong("total")).isEqualTo(3);
            assertThat(all.getLong("summary.mismatches")).isEqualTo(2);
            List<String> apiOrder = all.getList("items.subsidyId", String.class);

            Page page = signedIn("/subsidy?size=2");
            openCampaign(page);

            // 补贴记录: 3 grants, 2 a page
            Locator grantRows = page.locator("[data-table=grants] tbody tr[data-subsidy]");
            Locator grantsPager = page.locator("[data-pager=grants]");
            assertThat(page.locator("[data-figure=grantsTotal]")).hasText("共 3 条");
            assertThat(grantsPager).containsText("第 1 / 2 页");
            assertThat(grantRows).hasCount(2);
            assertThat(grantsPager.locator("button", new Locator.LocatorOptions().setHasText("上一页"))).isDisabled();
            List<String> grantIds = new ArrayList<>(ids(grantRows));
            grantsPager.locator("button", new Locator.LocatorOptions().setHasText("下一页")).click();
            assertThat(grantsPager).containsText("第 2 / 2 页");
            assertThat(grantRows).hasCount(1);
            assertThat(grantsPager.locator("button", new Locator.LocatorOptions().setHasText("下一页"))).isDisabled();
            grantIds.addAll(ids(grantRows));
            assertThat(grantIds).doesNotHaveDuplicates().containsExactlyInAnyOrder(paidIds.get(0), paidIds.get(1), failedId);
            grantsPager.locator("button", new Locator.LocatorOptions().setHasText("上一页")).click();
            assertThat(grantsPager).containsText("第 1 / 2 页");

            // 对账: the whole campaign's totals on every page, 2 lines a page in the API's order, the short one in red
            Locator reconRows = page.locator("[data-table=reconciliation] tbody tr[data-subsidy]");
            Locator reconPager = page.locator("[data-pager=reconciliation]");
            assertThat(page.locator("[data-figure=mismatches]")).hasText("2");
            assertThat(page.locator("[data-figure=reconGrants]")).hasText("3");
            assertThat(page.locator("[data-figure=reconTotal]")).containsText("共 3 条");
            assertThat(reconPager).containsText("第 1 / 2 页");
            assertThat(reconRows).hasCount(2);
            List<String> seen = new ArrayList<>(ids(reconRows));
            reconPager.locator("button", new Locator.LocatorOptions().setHasText("下一页")).click();
            assertThat(reconPager).containsText("第 2 / 2 页");
            assertThat(reconRows).hasCount(1);
            seen.addAll(ids(reconRows));
            assertThat(seen).isEqualTo(apiOrder);
            assertThat(page.locator("[data-figure=mismatches]")).hasText("2");
            assertThat(page.locator("[data-table=stray-payments] tbody tr.mismatch")).hasCount(1);
            assertThat(page.locator("[data-table=stray-payments]")).containsText("¥5.00");

            // 只看不一致: back to the first page, the one flagged grant, highlighted and named in words
            page.locator("input[name=onlyMismatches]").check();
            assertThat(page.locator("[data-figure=reconTotal]")).containsText("不一致的补贴共 1 条");
            assertThat(reconPager).containsText("第 1 / 1 页");
            assertThat(reconRows).hasCount(1);
            assertThat(reconRows.first()).hasAttribute("data-subsidy", shortPaid);
            assertThat(reconRows.first()).hasClass(java.util.regex.Pattern.compile("\\bmismatch\\b"));
            assertThat(reconRows.first()).containsText("支付金额与补贴金额不一致");
            assertThat(page.locator("[data-figure=mismatches]")).hasText("2");
            assertThat(page.locator("[data-action=reconciliation-csv]")).hasText("下载不一致记录 CSV");
            keep(page, "console-subsidy-mismatches");

            // its CSV: the flagged grant and the stray payment
            Download download = page.waitForDownload(() -> page.locator("[data-action=reconciliation-csv]").click());
            String text = new String(Files.readAllBytes(download.path()), StandardCharsets.UTF_8).substring(1);
            String[] lines = text.split("\r\n");
            assertThat(lines).hasSize(1 + 1 + 1);
            assertThat(lines[1]).startsWith(shortPaid + ",").endsWith("AMOUNT_MISMATCH");
            assertThat(lines[2]).contains("PROVIDER_PAYMENT_FOR_UNKNOWN_GRANT key=" + stray);

            page.locator("input[name=onlyMismatches]").uncheck();
            assertThat(page.locator("[data-figure=reconTotal]")).containsText("全部补贴共 3 条");
            assertThat(reconRows).hasCount(2);
            assertThat(browser.problems.stream().filter(m -> !m.contains("Failed to load resource")).toList())
                    .as("CSP violations or script errors").isEmpty();
            Summary.line("console 补贴 paged at 2: grants 2 + 1 over 2 pages, reconciliation 2 + 1 in the API's order with the "
                    + "totals on each; 只看不一致 shows the 1 flagged grant (+1 stray payment), its CSV 3 lines");
        } finally {
            sql("update sandbox_payment set amount_fen = amount_fen + 1 where idempotency_key = ?", shortPaid);
            sql("delete from sandbox_payment where idempotency_key = ?", stray);
        }
    }
}
