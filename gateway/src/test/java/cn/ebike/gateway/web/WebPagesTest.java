package cn.ebike.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import cn.ebike.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pages built by Quinoa are served by the gateway with a strict CSP and no inline script. */
@QuarkusTest
class WebPagesTest extends GatewayTestBase {

    @Test
    void eachEntryPageIsServedWithTheStrictPolicyAndNoInlineScript() {
        for (String page : new String[] {"/m/", "/v/", "/console/"}) {
            Response r = given().redirects().follow(false).get(page);
            r.then().statusCode(200).contentType(containsString("text/html"))
                    .header("Content-Security-Policy", equalTo(WebPages.CSP))
                    .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                    .header("Cache-Control", "no-cache");
            String html = r.asString();
            assertThat(html).contains("lang=\"zh-CN\"");
            Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
            while (scripts.find()) {
                assertThat(scripts.group(1)).as(page + " script tag").contains("src=\"/assets/");
                assertThat(scripts.group(2).trim()).as(page + " inline script").isEmpty();
            }
        }
        assertThat(WebPages.CSP).contains("script-src 'self';").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    }

    @Test
    void aDealersCardPageIsServedForEveryDealerIdWithTheSamePolicy() {
        Response r = given().redirects().follow(false).get("/v/dealer/3f2b8c1e-0d4a-4f6b-9a7e-1c2d3e4f5a6b");
        r.then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", equalTo(WebPages.CSP)).header("Cache-Control", "no-cache");
        String html = r.asString();
        assertThat(html).contains("品质信用码").contains("src=\"/assets/");
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        while (scripts.find()) {
            assertThat(scripts.group(2).trim()).as("inline script").isEmpty();
        }
        // only a dealer id is rerouted to the card; anything else is not this page
        assertThat(given().get("/v/dealer/not-an-id").asString()).doesNotContain("品质信用码");
    }

    @Test
    void bundlesAreLongCachedAndTheEntryPathsRedirectToTheirFolder() {
        String html = given().get("/m/").asString();
        Matcher js = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(html);
        assertThat(js.find()).isTrue();
        given().get(js.group(1)).then().statusCode(200).header("Cache-Control", containsString("immutable"));
        // nothing is loaded from another origin: not even Vant's CDN fallback of its (embedded) icon font
        Matcher css = Pattern.compile("href=\"(/assets/[^\"]+\\.css)\"").matcher(html);
        assertThat(css.find()).isTrue();
        assertThat(given().get(css.group(1)).asString()).doesNotContainPattern("url\\((?:https?:)?//");
        given().redirects().follow(false).get("/m").then().statusCode(301).header("Location", "/m/");
        given().redirects().follow(false).get("/v").then().statusCode(301).header("Location", "/v/");
        given().get("/m/sw.js").then().statusCode(200).header("Cache-Control", "no-cache");
    }

    @Test
    void theApiAndHealthPathsAreNotTouchedByThePages() {
        given().header("Authorization", cn.ebike.gateway.support.Tokens.regulator()).get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .header("Content-Security-Policy", org.hamcrest.Matchers.nullValue());
        given().get("/q/health/live").then().statusCode(200).body(not(containsString("<html")));
    }
}
