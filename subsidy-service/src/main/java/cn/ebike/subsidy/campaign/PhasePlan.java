package cn.ebike.subsidy.campaign;

import cn.ebike.common.problem.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Rules between phases that Bean Validation cannot express: each window is half-open
 * [startsAt, endsAt) with endsAt after startsAt, and no two windows of a campaign overlap (touching,
 * one ending exactly when the next starts, is fine).
 */
public final class PhasePlan {

    private PhasePlan() {
    }

    /** A phase window as requested, with its index in the request (for field names). */
    public record Window(int index, Instant startsAt, Instant endsAt) {

        boolean overlaps(Window o) {
            return startsAt.isBefore(o.endsAt) && o.startsAt.isBefore(endsAt);
        }
    }

    public static List<FieldError> check(List<CampaignRequest.PhaseRequest> phases) {
        List<FieldError> errors = new ArrayList<>();
        if (phases == null) {
            return errors;
        }
        List<Window> windows = new ArrayList<>();
        IntStream.range(0, phases.size()).forEach(i -> {
            CampaignRequest.PhaseRequest p = phases.get(i);
            if (p == null || p.startsAt() == null || p.endsAt() == null) {
                return;
            }
            if (!p.endsAt().isAfter(p.startsAt())) {
                errors.add(new FieldError("phases[" + i + "].endsAt", "must be after startsAt"));
            } else {
                windows.add(new Window(i, p.startsAt(), p.endsAt()));
            }
        });
        errors.addAll(overlaps(windows));
        return errors;
    }

    /** Each overlapping pair names the later phase's start and the earlier phase's end. */
    static List<FieldError> overlaps(List<Window> windows) {
        List<FieldError> errors = new ArrayList<>();
        List<Window> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparing(Window::startsAt).thenComparing(Window::index));
        for (int a = 0; a < sorted.size(); a++) {
            for (int b = a + 1; b < sorted.size(); b++) {
                Window first = sorted.get(a);
                Window later = sorted.get(b);
                if (!later.startsAt().isBefore(first.endsAt())) {
                    break;
                }
                if (first.overlaps(later)) {
                    errors.add(new FieldError("phases[" + later.index() + "].startsAt",
                            "overlaps phases[" + first.index() + "]"));
                    errors.add(new FieldError("phases[" + first.index() + "].endsAt",
                            "overlaps phases[" + later.index() + "]"));
                }
            }
        }
        return errors;
    }
}
