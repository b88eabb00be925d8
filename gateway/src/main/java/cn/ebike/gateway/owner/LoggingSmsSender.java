package cn.ebike.gateway.owner;

import cn.ebike.common.masking.Masking;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Development sender: records that a code was sent, to whom (masked), and never the code itself. */
@ApplicationScoped
public class LoggingSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(LoggingSmsSender.class);

    @Override
    public void sendLoginCode(String phone, String code, long validForSeconds) {
        LOG.infof("login code sent to %s, valid %d s", Masking.phone(phone), validForSeconds);
    }
}
