package cn.ebike.common.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    /** PostgreSQL compares uuids byte by byte, i.e. as unsigned numbers. */
    private static int unsignedCompare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    @Test
    void newIdsAreVersion7AndIncreaseEvenWithinAMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(Ids.newId());
        }
        for (int i = 1; i < ids.size(); i++) {
            assertThat(unsignedCompare(ids.get(i - 1), ids.get(i))).isNegative();
        }
        assertThat(ids.get(0).version()).isEqualTo(7);
        assertThat(ids.get(0).variant()).isEqualTo(2);
        long millis = ids.get(0).getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 60_000);
    }

    @Test
    void parsingAcceptsOnlyCanonicalUuids() {
        UUID id = Ids.newId();
        assertThat(Ids.parse(id.toString())).contains(id);
        assertThat(Ids.parse(id.toString().toUpperCase())).contains(id);
        assertThat(Ids.parse("1-1-1-1-1")).isEmpty();
        assertThat(Ids.parse("nope")).isEmpty();
        assertThat(Ids.parse(null)).isEmpty();
    }
}
