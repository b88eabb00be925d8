package cn.ebike.tradein.support;

import cn.ebike.common.validation.Uscc;
import java.util.concurrent.ThreadLocalRandom;

/** Fresh valid unified social credit codes, so tests never collide on the unique index. */
public final class TestUscc {

    private TestUscc() {
    }

    public static String random() {
        StringBuilder sb = new StringBuilder("913301");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 2; i++) {
            sb.append(random.nextInt(10));
        }
        while (sb.length() < 17) {
            sb.append(Uscc.CHARSET.charAt(random.nextInt(Uscc.CHARSET.length())));
        }
        return sb.append(Uscc.checkCharacter(sb.toString())).toString();
    }
}
