package cn.ebike.subsidy.campaign;

import cn.ebike.common.problem.FieldError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhasePlanTest {

    static CampaignRequest.PhaseRequest p(String from, String to) {
        return new CampaignRequest.PhaseRequest("p", from == null ? null : Instant.parse(from),
                to == null ? null : Instant.parse(to), 100L, 1);
    }

    static List<String> fields(CampaignRequest.PhaseRequest... phases) {
        return PhasePlan.check(new ArrayList<>(Arrays.asList(phases))).stream().map(FieldError::field).toList();
    }

    @Test
    void contiguousPhasesAreFine() {
        assertThat(fields(p("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z"),
                p("2026-07-01T00:00:00Z", "2026-08-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void anEndNotAfterItsStartNamesTheEnd() {
        assertThat(fields(p("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z"),
                p("2026-08-01T00:00:00Z", "2026-08-01T00:00:00Z"))).containsExactly("phases[1].endsAt");
        assertThat(fields(p("2026-06-01T00:00:00Z", "2026-05-01T00:00:00Z"))).containsExactly("phases[0].endsAt");
    }

    @Test
    void overlapsNameTheLaterStartAndTheEarlierEndWhateverTheRequestOrder() {
        assertThat(fields(p("2026-07-01T00:00:00Z", "2026-08-01T00:00:00Z"),
                p("2026-06-01T00:00:00Z", "2026-07-01T00:00:01Z")))
                .containsExactlyInAnyOrder("phases[0].startsAt", "phases[1].endsAt");
    }

    @Test
    void aPhaseInsideAnotherOverlapsIt() {
        assertThat(fields(p("2026-06-01T00:00:00Z", "2026-09-01T00:00:00Z"),
                p("2026-07-01T00:00:00Z", "2026-08-01T00:00:00Z"),
                p("2026-08-15T00:00:00Z", "2026-08-20T00:00:00Z")))
                .containsExactlyInAnyOrder("phases[1].startsAt", "phases[0].endsAt", "phases[2].startsAt",
                        "phases[0].endsAt");
    }

    @Test
    void missingTimesAreLeftToBeanValidation() {
        assertThat(fields(p(null, "2026-07-01T00:00:00Z"), p("2026-06-01T00:00:00Z", null), null)).isEmpty();
    }
}
