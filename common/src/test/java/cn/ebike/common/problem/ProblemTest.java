package cn.ebike.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyProblemCarriesTheRegistryTypeTitleAndAnErrorsArray() throws Exception {
        JsonNode body = json.readTree(ApiException.notFound("Vehicle").toProblem().toJson());
        assertThat(body.get("type").asText()).isEqualTo("https://ebike.local/problems/not-found");
        assertThat(body.get("title").asText()).isEqualTo("Not found");
        assertThat(body.get("status").asInt()).isEqualTo(404);
        assertThat(body.get("errors").isArray()).isTrue();
        assertThat(body.get("errors")).isEmpty();
        assertThat(body.fieldNames()).toIterable().containsExactly("type", "title", "status", "detail", "errors");
    }

    @Test
    void aSpecificConflictKeepsTheConflictTitle() {
        Problem p = ApiException.conflict("receipt-already-used", "That receipt was used.").toProblem();
        assertThat(p.getType()).isEqualTo("https://ebike.local/problems/receipt-already-used");
        assertThat(p.getTitle()).isEqualTo("Conflict");
        assertThat(p.getStatus()).isEqualTo(409);
    }

    @Test
    void extensionMembersAndHeadersTravelWithTheProblem() throws Exception {
        ApiException e = ApiException.conflict("owner-choice-required", "Choose.")
                .with("choices", List.of(Map.of("name", "张*", "idNumberTail", "1234")));
        JsonNode body = json.readTree(e.toProblem().toJson());
        assertThat(body.get("choices").get(0).get("idNumberTail").asText()).isEqualTo("1234");
        assertThat(ApiException.rateLimited(30, "slow down").headers()).containsEntry("Retry-After", "30");
        assertThat(ApiException.unauthorized("no").headers()).containsEntry("WWW-Authenticate", "Bearer");
    }

    @Test
    void theRegistryHasOneTypeAndTitlePerStatus() {
        assertThat(ProblemType.forStatus(400)).isEqualTo(ProblemType.INVALID_INPUT);
        assertThat(ProblemType.forStatus(408).title()).isEqualTo("Request timeout");
        assertThat(ProblemType.forStatus(429).slug()).isEqualTo("rate-limited");
        assertThat(ProblemType.forStatus(502)).isEqualTo(ProblemType.SERVICE_UNAVAILABLE);
        assertThat(ProblemType.forStatus(599)).isEqualTo(ProblemType.INTERNAL_ERROR);
        assertThat(ProblemType.forStatus(418)).isEqualTo(ProblemType.INVALID_INPUT);
    }
}
