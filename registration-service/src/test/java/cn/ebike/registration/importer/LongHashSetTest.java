package cn.ebike.registration.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongHashSetTest {

    @Test
    void behavesLikeASetThroughGrowthAndRemovals() {
        LongHashSet set = new LongHashSet();
        Set<Long> reference = new HashSet<>();
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            long value = random.nextInt(20_000) - 10_000L;
            if (random.nextInt(4) == 0) {
                set.remove(value);
                reference.remove(value);
            } else {
                assertThat(set.add(value)).isEqualTo(reference.add(value));
            }
        }
        assertThat(set.size()).isEqualTo(reference.size());
        for (long v = -10_000; v < 10_000; v++) {
            assertThat(set.contains(v)).isEqualTo(reference.contains(v));
        }
    }

    @Test
    void fingerprintsTellFrameNumbersApart() {
        LongHashSet set = new LongHashSet();
        for (int i = 0; i < 200_000; i++) {
            assertThat(set.add(LongHashSet.fingerprint("LSVAB2BM" + String.format("%09d", i)))).isTrue();
        }
        assertThat(set.add(LongHashSet.fingerprint("LSVAB2BM000000007"))).isFalse();
    }
}
