package cn.ebike.gateway.support;

import cn.ebike.gateway.owner.SmsSender;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test stand-in for an SMS gateway: keeps the last code sent to each phone. */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingSmsSender implements SmsSender {

    private final Map<String, String> lastCode = new ConcurrentHashMap<>();
    private final Map<String, Integer> sent = new ConcurrentHashMap<>();

    @Override
    public void sendLoginCode(String phone, String code, long validForSeconds) {
        lastCode.put(phone, code);
        sent.merge(phone, 1, Integer::sum);
    }

    /** How many codes were sent to this phone since {@link #clear}. */
    public int sentTo(String phone) {
        return sent.getOrDefault(phone, 0);
    }

    public String lastCodeFor(String phone) {
        return lastCode.get(phone);
    }

    public void clear() {
        lastCode.clear();
        sent.clear();
    }
}
