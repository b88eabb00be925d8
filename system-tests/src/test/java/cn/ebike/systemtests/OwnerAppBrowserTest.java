package cn.ebike.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Owner;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Browser;
import cn.ebike.systemtests.harness.Ids;
import cn.ebike.systemtests.harness.PlateQr;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Suite.Service;
import cn.ebike.systemtests.harness.SuiteExtension;
import cn.ebike.systemtests.harness.Summary;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.Cookie;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The owners' app (/m/) and the public plate check (/v/) in a real headless Chromium on a phone-sized screen,
 * through the gateway, against the four real services. An owner signs in with the echoed SMS code, shows the
 * plate (the QR decoded from a screenshot equals the plate's qrUrl), follows a trade-in that the dealer does
 * through the API, binds a wallet and sees the subsidy paid. Every screen: a screenshot, axe-core without serious
 * or critical violations, no horizontal scroll, no CSP violation or script error.
 */
@Order(5)
@ExtendWith(SuiteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnerAppBrowserTest {

    private static final String DISTRICT = "萧山区";
    private static final String XSS = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">绿源车行";

    private final Api api;
    private final Suite suite;
    private Browser browser;
    private BrowserContext phone;
    private Page page;
    private Dealer dealer;
    private Owner owner;
    private String oldBike;
    private String oldPlate;
    private String oldQrUrl;
    private String tradeIn;
    private String newQrUrl;
    private String campaignName;
    private final String wallet = "0021" + Ids.ccc().substring(4);
    private int screens;

    OwnerAppBrowserTest(Api api, Suite suite) {
        this.api = api;
        this.suite = suite;
    }

    @BeforeAll
    void setUp() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String campaign = api.campaign(DISTRICT, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("第一阶段", now.minus(1, ChronoUnit.HOURS), now.plus(3, ChronoUnit.HOURS), 30_000, 100)));
        campaignName = api.as(api.regulator()).get("/api/campaigns/" + campaign).then().statusCode(200).extract().path("name");
        dealer = api.dealer(DISTRICT, true);
        owner = api.owner(dealer);
        oldBike = api.filedBike(owner);
        JsonPath plate = api.as(api.regulator()).post("/api/vehicles/" + oldBike + "/plate").then().statusCode(201)
                .extract().jsonPath();
        oldPlate = plate.getString("plateNumber");
        oldQrUrl = plate.getString("qrUrl");
        browser = new Browser(Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize());
        phone = browser.phone();
        page = phone.newPage();
        page.setDefaultTimeout(20_000);
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    private String url(String path) {
        return suite.browserUrl() + path;
    }

    /** Screenshot, accessibility and layout checks of the screen as it is now. */
    private void screen(Page p, String name) {
        p.waitForTimeout(300); // let transitions settle before the picture
        browser.shot(p, String.format("%02d-%s", ++screens, name));
        browser.assertAccessible(p, name);
        browser.assertFitsThePhone(p, name);
    }

    private static LocatorAssertions.IsVisibleOptions within(int seconds) {
        return new LocatorAssertions.IsVisibleOptions().setTimeout(seconds * 1000.0);
    }

    private String echoedCode(Page p) {
        Locator notice = p.locator("[data-test=dev-code]");
        assertThat(notice).isVisible();
        String text = notice.innerText();
        java.util.regex.Matcher m = Pattern.compile("(\\d{6})").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private void signIn(Page p, String phoneNumber) {
        p.navigate(url("/m/"));
        assertThat(p.locator("[data-test=phone] input")).isVisible();
        p.locator("[data-test=phone] input").fill(phoneNumber);
        p.locator("[data-test=send-code]").click();
        // one code per phone per minute: when the last one is too recent, wait as the page says and ask again
        Locator sent = p.locator("[data-test=dev-code], [data-test=login-error]");
        assertThat(sent.first()).isVisible();
        if (p.locator("[data-test=login-error]").isVisible()) {
            String text = p.locator("[data-test=login-error]").innerText();
            java.util.regex.Matcher wait = Pattern.compile("请 (\\d+) 秒后再试").matcher(text);
            assertThat(wait.find()).as(text).isTrue();
            p.waitForTimeout(Integer.parseInt(wait.group(1)) * 1000.0 + 500);
            p.locator("[data-test=send-code]").click();
        }
        String code = echoedCode(p);
        p.locator("[data-test=code] input").fill(code);
        p.locator("[data-test=login]").click();
    }

    // ------------------------------------------------------------------------------------------
    @Test
    @Order(1)
    void aWrongCodeIsRefusedInPlainChineseAndTheEchoedCodeSignsIn() {
        page.navigate(url("/m/"));
        assertThat(page).hasURL(Pattern.compile(".*/m/#/login.*"));
        screen(page, "login");
        page.locator("[data-test=phone] input").fill(owner.phone());
        page.locator("[data-test=send-code]").click();
        String code = echoedCode(page);
        assertThat(page.locator("[data-test=send-code]")).containsText("秒后重发");
        String wrong = code.equals("000000") ? "111111" : "000000";
        page.locator("[data-test=code] input").fill(wrong);
        page.locator("[data-test=login]").click();
        assertThat(page.locator("[data-test=login-error]")).hasText("验证码错误、已过期或已使用，请重新获取");
        screen(page, "login-wrong-code");

        page.locator("[data-test=code] input").fill(code);
        page.locator("[data-test=login]").click();
        assertThat(page).hasURL(Pattern.compile(".*#/vehicles$"));
        assertThat(page.locator(".vehicle")).hasCount(1);
        assertThat(page.locator(".vehicle")).containsText(oldPlate);
        assertThat(page.locator(".vehicle")).containsText("备案非标");
        screen(page, "vehicles");
        assertNoTokenStored(page);
    }

    @Test
    @Order(2)
    void thePlatePageShowsALargeQrThatDecodesToThePlatesQrUrl() {
        page.locator(".vehicle").first().click();
        Locator qr = page.locator("[data-test=plate-qr]");
        assertThat(qr).isVisible();
        page.waitForFunction("() => { const i = document.querySelector('[data-test=plate-qr]'); return i && i.complete && i.naturalWidth > 0; }");
        assertThat(page.locator("[data-test=plate-number]")).hasText(oldPlate);
        assertThat(page.locator("[data-test=plate-status]")).hasText("号牌有效");
        assertThat(qr.boundingBox().width).as("QR width on a 375 px screen").isGreaterThanOrEqualTo(280);
        String decoded = Browser.decodeQr(qr.screenshot());
        assertThat(decoded).isEqualTo(oldQrUrl).startsWith(suite.browserUrl() + "/v/#EB1.");
        screen(page, "plate");
        Summary.line("browser: the plate QR decoded from a screenshot equals qrUrl (%s…)", decoded.substring(0, 40));
    }

    @Test
    @Order(3)
    void theTradeInTimelineFollowsWhatTheDealerDoesAndTheSubsidyAppears() throws Exception {
        page.navigate(url("/m/#/trade-ins"));
        assertThat(page.locator(".van-empty")).isVisible();
        screen(page, "trade-ins-empty");

        tradeIn = api.openTradeIn(dealer, owner, oldBike);
        // the dealer's name as it would be if free text ever let markup through: it must stay text
        try (Connection c = suite.jdbc(Service.TRADEIN);
             PreparedStatement st = c.prepareStatement("UPDATE dealers SET name = ? WHERE id = ?::uuid")) {
            st.setString(1, XSS);
            st.setString(2, dealer.id());
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        page.reload();
        Locator card = page.locator("[data-test=trade-in-" + tradeIn + "]");
        assertThat(card).containsText("办理中");
        assertThat(card.locator("h2")).hasText(XSS);
        assertThat(card).containsText("文三路");
        assertThat(page.locator("script", new Page.LocatorOptions().setHasText("__xss"))).hasCount(0);
        assertThat(page.evaluate("() => window.__xss === undefined")).isEqualTo(true);

        String receipt = Ids.receipt();
        api.as(api.token(dealer)).body(Map.of("recyclingReceiptNo", receipt, "batteryReturned", true))
                .post("/api/trade-ins/" + tradeIn + "/recycling").then().statusCode(200);
        String[] bike = api.newPlatedBike(dealer, owner);
        newQrUrl = api.as(api.regulator()).get("/api/plates/" + bike[1]).then().statusCode(200).extract().path("qrUrl");
        api.as(api.token(dealer)).body(Map.of("newVehicleId", bike[0])).post("/api/trade-ins/" + tradeIn + "/new-vehicle")
                .then().statusCode(200);
        page.reload();
        assertThat(card).containsText("回收单号 " + receipt + "，电池已交回");
        assertThat(card.locator(".van-step")).hasCount(5);
        api.complete(dealer, tradeIn).then().statusCode(200);
        Api.await("the claim reaching subsidy-service", Duration.ofSeconds(60),
                () -> Boolean.TRUE.equals(api.tradeIn(tradeIn).getBoolean("claimDelivered")));
        page.reload();
        assertThat(card).containsText("已完成");
        assertThat(card).containsText("待绑定钱包 ¥300.00");
        screen(page, "trade-in-timeline");

        page.locator(".van-tabbar-item", new Page.LocatorOptions().setHasText("我的补贴")).click();
        Locator subsidy = page.locator("article.card").first();
        assertThat(subsidy.locator("[data-test=subsidy-status]")).hasText("待绑定钱包");
        assertThat(subsidy.locator("[data-test=subsidy-amount]")).hasText("¥300.00");
        assertThat(subsidy).containsText("本阶段第 1 位");
        assertThat(subsidy).containsText(campaignName);
        assertThat(subsidy).containsText("第一阶段");
        assertThat(page.locator("[data-test=wallet-needed]")).isVisible();
        screen(page, "subsidy-waiting-for-wallet");

        // the old bike was scrapped in the trade-in: its plate now says so, in red
        page.navigate(url("/m/#/vehicles/" + oldBike));
        assertThat(page.locator("[data-test=plate-status]")).hasText("号牌已注销，不能作为有效号牌使用");
        assertThat(page.locator("[data-test=plate-status]")).hasCSS("color", "rgb(179, 38, 30)");
        screen(page, "plate-revoked");
    }

    @Test
    @Order(4)
    void bindingAWalletPaysTheSubsidyAndAWalletOfSomeoneElseIsExplained() {
        page.navigate(url("/m/#/wallet"));
        assertThat(page.locator("[data-test=wallet-none]")).isVisible();
        page.locator("[data-test=wallet-id] input").fill("12 34");
        page.locator("[data-test=wallet-submit]").click();
        assertThat(page.locator(".van-field__error-message")).containsText("10 到 64 位");
        screen(page, "wallet-invalid");
        page.locator("[data-test=wallet-id] input").fill(wallet);
        page.locator("[data-test=wallet-submit]").click();
        Locator dialog = page.locator(".van-dialog");
        assertThat(dialog).containsText("请确认这是您本人的数字人民币钱包");
        screen(page, "wallet-confirm");
        dialog.locator(".van-dialog__confirm").click();
        assertThat(page.locator("[data-test=wallet-done]")).isVisible();
        assertThat(page.locator("[data-test=wallet-bound]")).containsText(wallet.substring(0, 4) + "********" + wallet.substring(12));
        screen(page, "wallet-bound");

        page.locator(".van-tabbar-item", new Page.LocatorOptions().setHasText("我的补贴")).click();
        Locator status = page.locator("article.card [data-test=subsidy-status]").first();
        long deadline = System.currentTimeMillis() + 90_000;
        while (!"已发放".equals(status.innerText().trim()) && System.currentTimeMillis() < deadline) {
            page.waitForTimeout(1_500);
            page.reload();
        }
        assertThat(status).hasText("已发放");
        assertThat(page.locator("article.card").first()).containsText("发放时间");
        screen(page, "subsidy-paid");

        // another owner tries the same wallet id
        Owner other = api.owner(dealer);
        try (BrowserContext second = browser.phone()) {
            Page p = second.newPage();
            signIn(p, other.phone());
            assertThat(p).hasURL(Pattern.compile(".*#/vehicles$"));
            p.navigate(url("/m/#/wallet"));
            p.locator("[data-test=wallet-id] input").fill(wallet);
            p.locator("[data-test=wallet-submit]").click();
            p.locator(".van-dialog .van-dialog__confirm").click();
            assertThat(p.locator("[data-test=wallet-error]")).containsText("已绑定在另一位车主名下");
            screen(p, "wallet-bound-elsewhere");
        }
    }

    @Test
    @Order(5)
    void ownersSharingAPhoneChooseWhoSignsIn() {
        String shared = Ids.phone();
        String[] names = {"陈静", "陈磊"};
        List<String> tails = new ArrayList<>();
        for (String n : names) {
            String id = Ids.idNumber();
            tails.add(id.substring(14));
            api.as(api.token(dealer)).body(Map.of("name", n, "idNumber", id, "phone", shared)).post("/api/owners")
                    .then().statusCode(201);
        }
        try (BrowserContext c = browser.phone()) {
            Page p = c.newPage();
            signIn(p, shared);
            Locator choice = p.locator("[data-test=choice-" + tails.get(1) + "]");
            assertThat(choice).isVisible();
            assertThat(p.locator(".choice")).hasCount(2);
            assertThat(p.locator(".choice").first()).containsText("陈*");
            screen(p, "login-owner-choice");
            choice.click();
            p.locator("[data-test=login]").click();
            assertThat(p).hasURL(Pattern.compile(".*#/vehicles$"));
            assertThat(p.locator(".van-empty")).isVisible(); // the second owner has no bike yet
        }
    }

    @Test
    @Order(6)
    void aReloadRefreshesTheSessionAndAReplayedRefreshTokenEndsIt() {
        String before = refreshCookie(phone);
        page.navigate(url("/m/#/vehicles"));
        page.reload();
        assertThat(page.locator(".vehicle").first()).isVisible();
        String after = refreshCookie(phone);
        assertThat(after).as("the reload rotated the refresh token").isNotEqualTo(before);
        page.waitForTimeout(2_500); // past the suite's 2 s grace window
        // someone replays the rotated token: the gateway ends the whole session
        api.anonymous().cookie("ebike_rt", before).post("/api/auth/refresh").then().statusCode(401);
        page.locator(".van-tabbar-item", new Page.LocatorOptions().setHasText("我的补贴")).click();
        assertThat(page).hasURL(Pattern.compile(".*#/login.*"));
        assertThat(page.locator("[data-test=notice]")).hasText("登录已失效，请重新登录");
        assertThat(page.locator("[data-test=phone] input")).hasValue(owner.phone());
        screen(page, "session-ended");
        signIn(page, owner.phone());
        assertThat(page).hasURL(Pattern.compile(".*#/vehicles$"));
    }

    @Test
    @Order(7)
    void theLastPlateShownOpensWithoutNetwork() {
        page.navigate(url("/m/#/vehicles/" + oldBike)); // shown once more: cached by the page
        assertThat(page.locator("[data-test=plate-number]")).hasText(oldPlate);
        page.waitForTimeout(1_000); // the service worker has the app's files by now
        phone.setOffline(true);
        try {
            page.navigate(url("/m/#/vehicles"));
            page.reload();
            assertThat(page.locator("[data-test=offline-note]")).isVisible(within(20));
            assertThat(page.locator("[data-test=plate-number]")).hasText(oldPlate);
            screen(page, "plate-offline");
        } finally {
            phone.setOffline(false);
        }
    }

    @Test
    @Order(8)
    void aServiceThatIsDownGivesAFriendlyMessage() {
        suite.stop(Service.SUBSIDY);
        try {
            page.navigate(url("/m/#/subsidies"));
            page.reload();
            assertThat(page.locator("[data-test=error]")).hasText("服务暂时不可用，请稍后重试");
            assertThat(page.locator(".state .van-button")).hasText("重试");
            screen(page, "service-down");
        } finally {
            suite.restart(Service.SUBSIDY);
        }
    }

    @Test
    @Order(9)
    void thePublicCheckPageTellsValidRevokedAndForgedPlatesApart() {
        try (BrowserContext c = browser.phone()) {
            Page p = c.newPage();
            p.navigate(newQrUrl);
            assertThat(p.locator("[data-verdict]")).hasAttribute("data-verdict", "valid", new LocatorAssertions.HasAttributeOptions().setTimeout(20_000));
            assertThat(p.locator(".verdict h2")).hasText("有效号牌");
            assertThat(p.locator(".facts")).containsText("雅迪");
            assertThat(p.locator(".facts")).containsText(owner.name().substring(0, 1) + "*");
            assertThat(p.locator(".note")).hasText("已在本机用公开密钥核验签名。");
            screen(p, "check-valid");

            p.navigate(oldQrUrl);
            p.reload();
            assertThat(p.locator(".verdict h2")).hasText("号牌已注销");
            screen(p, "check-revoked");

            String forged = PlateQr.tamper(oldQrUrl.substring(oldQrUrl.indexOf('#') + 1));
            p.navigate(url("/v/#" + forged));
            p.reload();
            assertThat(p.locator(".verdict h2")).hasText("非真实号牌");
            screen(p, "check-forged");

            // the registry cannot be reached: the signature is still checked in the browser
            p.route("**/api/plates/verify", r -> r.abort());
            p.navigate(newQrUrl);
            p.reload();
            assertThat(p.locator(".verdict h2")).hasText("签名真实（离线核验）");
            screen(p, "check-offline-signature");
            p.navigate(url("/v/#" + forged));
            p.reload();
            assertThat(p.locator(".verdict h2")).hasText("非真实号牌");
        }
    }

    @Test
    @Order(10)
    void theAppWorksAt320PxAndNothingBrokeThePolicy() {
        try (BrowserContext narrow = browser.phone(320, 640)) {
            Page p = narrow.newPage();
            signIn(p, owner.phone());
            assertThat(p.locator(".vehicle").first()).isVisible(within(20));
            screen(p, "vehicles-320px");
            p.navigate(url("/m/#/trade-ins"));
            assertThat(p.locator("[data-test=trade-in-" + tradeIn + "]")).isVisible(within(30));
            screen(p, "trade-ins-320px");
        }
        assertThat(browser.problems.stream().filter(m -> !m.contains("Failed to load resource")).toList())
                .as("CSP violations and script errors in any page").isEmpty();
        Summary.line("browser: %d screens in Chromium, each screenshotted, axe-clean (no serious/critical), no horizontal scroll", screens);
    }

    // ------------------------------------------------------------------------------------------
    private static String refreshCookie(BrowserContext c) {
        for (Cookie k : c.cookies()) {
            if ("ebike_rt".equals(k.name)) {
                assertThat(k.httpOnly).isTrue();
                assertThat(k.secure).isTrue();
                assertThat(k.path).isEqualTo("/api/auth");
                return k.value;
            }
        }
        throw new AssertionError("no refresh cookie in the browser");
    }

    private static void assertNoTokenStored(Page p) {
        Object stored = p.evaluate("() => JSON.stringify({ l: Object.entries(localStorage), s: Object.entries(sessionStorage), u: location.href, c: document.cookie })");
        assertThat(String.valueOf(stored)).as("tokens in storage, URL or script-readable cookies")
                .doesNotContain("eyJ").doesNotContain("ebike_rt");
    }
}
