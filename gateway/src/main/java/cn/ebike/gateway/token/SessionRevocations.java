package cn.ebike.gateway.token;

/**
 * Ended sessions and subjects whose unexpired access tokens must no longer pass, asked by {@link TokenVerifier} on
 * every check. Kept by the sessions ({@code session.Revocations}, which implements this), so token verification
 * does not depend on how sessions are stored or shared; must cost no I/O per call.
 */
public interface SessionRevocations {

    /** True when a token of this subject (and session, or {@code null}) issued at {@code issuedAtSeconds} is revoked. */
    boolean refuses(String subject, String sessionId, long issuedAtSeconds);
}
