package cn.ebike.gateway.owner;

/**
 * Sends a one-time login code to a phone. The suite ships {@link LoggingSmsSender}; a real SMS
 * gateway plugs in here as another bean. Implementations must never log the code.
 */
public interface SmsSender {

    void sendLoginCode(String phone, String code, long validForSeconds);
}
