package cn.ebike.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Browser;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Suite.Service;
import cn.ebike.systemtests.harness.SuiteExtension;
import cn.ebike.systemtests.harness.Summary;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's 异常信号 page while tradein-service is stopped: the gateway still answers (the other services' signals)
 * and names the missing one in {@code X-Unavailable-Services}; the page says so in Chinese, naming 以旧换新服务 as the
 * 总览 page does, instead of showing a table that silently lacks a service's signals. Then the service comes back and
 * the notice goes.
 */
@Order(12)
@ExtendWith(SuiteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleUnavailableBrowserTest {

    private final Api api;
    private final Suite suite;
    private Browser browser;
    private BrowserContext desktop;
    private Path root;

    ConsoleUnavailableBrowserTest(Api api, Suite suite) {
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

    private String unavailableHeader() {
        return api.as(api.regulator()).get("/api/stats/signals").then().statusCode(200).extract()
                .header("X-Unavailable-Services");
    }

    @Test
    void theSignalsPageNamesAServiceThatDoesNotAnswer() throws Exception {
        Page before = signedIn("/signals");
        assertThat(before.locator("[data-table=signals] tbody tr").first()).not().containsText("加载中");
        assertThat(before.locator("[data-notice=unavailable]")).hasCount(0);
        before.close();

        suite.stop(Service.TRADEIN);
        try {
            // the gateway keeps a whole answer up to 30 s: wait until it answers without tradein-service
            Api.await("the signals to name tradein-service", Duration.ofSeconds(60),
                    () -> "tradein-service".equals(unavailableHeader()));
            Page page = signedIn("/signals");
            assertThat(page.locator("[data-notice=unavailable]")).isVisible();
            assertThat(page.locator("[data-notice=unavailable]")).containsText("部分数据暂不可用（以旧换新服务）");
            assertThat(page.locator("[data-table=signals]")).isVisible();
            assertThat(page.locator("[data-table=signals] tbody tr").first()).not().containsText("加载中");
            String text = page.locator("body").innerText();
            assertThat(text).doesNotContain("tradein-service").doesNotContain("unavailable");
            browser.document(page, "console-signals-unavailable", 300);
            page.close();
        } finally {
            suite.restart(Service.TRADEIN);
        }
        Api.await("the signals of every service again", Duration.ofSeconds(90), () -> unavailableHeader() == null);
        Page after = signedIn("/signals");
        assertThat(after.locator("[data-table=signals] tbody tr").first()).not().containsText("加载中");
        assertThat(after.locator("[data-notice=unavailable]")).hasCount(0);
        assertThat(browser.problems.stream().filter(m -> !m.contains("Failed to load resource")).toList())
                .as("CSP violations or script errors").isEmpty();
        Summary.line("console 异常信号: with tradein-service stopped the page names 以旧换新服务 as unavailable; the notice goes when it is back");
    }
}
