package cn.ebike.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenRulesTest {

    static final long NOW = 1_800_000_000L;
    static final Set<String> KIDS = Set.of("k1");
    static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"k1\"}";

    static String token(String header, String claims) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    static String claims(String sub, String groups, long iat, long exp) {
        return "{" + (sub == null ? "" : "\"sub\":" + sub + ",") + (groups == null ? "" : "\"groups\":" + groups + ",")
                + "\"iat\":" + iat + ",\"exp\":" + exp + "}";
    }

    @Test
    void aTokenAsTheGatewayIssuesItKeepsEveryRule() {
        assertThat(TokenRules.problem(token(HEADER, claims("\"u1\"", "[\"OWNER\"]", NOW, NOW + 900)), KIDS, NOW)).isNull();
    }

    @Test
    void eachRuleRefuses() {
        assertThat(TokenRules.problem(token(HEADER, claims("\"u1\"", "[\"OWNER\"]", NOW, NOW + 901)), KIDS, NOW))
                .contains("15 minutes");
        assertThat(TokenRules.problem(token(HEADER, claims(null, "[\"OWNER\"]", NOW, NOW + 60)), KIDS, NOW)).contains("sub");
        assertThat(TokenRules.problem(token(HEADER, claims("\"\"", "[\"OWNER\"]", NOW, NOW + 60)), KIDS, NOW)).contains("sub");
        assertThat(TokenRules.problem(token(HEADER, claims("\"u1\"", "[\"OWNER\"]", NOW + 31, NOW + 90)), KIDS, NOW))
                .contains("future");
        assertThat(TokenRules.problem(token(HEADER, claims("\"u1\"", "[\"OWNER\"]", NOW + 30, NOW + 90)), KIDS, NOW)).isNull();
        assertThat(TokenRules.problem(token("{\"alg\":\"RS256\",\"kid\":\"k2\"}", claims("\"u1\"", "[\"OWNER\"]", NOW, NOW + 60)),
                KIDS, NOW)).contains("kid");
        assertThat(TokenRules.problem(token("{\"alg\":\"RS256\"}", claims("\"u1\"", "[\"OWNER\"]", NOW, NOW + 60)), KIDS, NOW))
                .contains("kid");
        assertThat(TokenRules.problem(token(HEADER, claims("\"u1\"", "\"OWNER\"", NOW, NOW + 60)), KIDS, NOW)).contains("groups");
        assertThat(TokenRules.problem(token(HEADER, claims("\"u1\"", null, NOW, NOW + 60)), KIDS, NOW)).contains("groups");
        assertThat(TokenRules.problem(token(HEADER, "{\"sub\":\"u\",\"groups\":[],\"exp\":" + (NOW + 60) + "}"), KIDS, NOW))
                .contains("iat");
        assertThat(TokenRules.problem("abc", KIDS, NOW)).isNotNull();
        assertThat(TokenRules.problem("!!.??.x", KIDS, NOW)).isNotNull();
    }
}
