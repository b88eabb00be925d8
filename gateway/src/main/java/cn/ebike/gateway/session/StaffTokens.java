package cn.ebike.gateway.session;

import java.util.Optional;
import java.util.UUID;

/**
 * Mints the access token of a refreshed staff session from the account as it is now (its role and dealer are read
 * again at every refresh). The accounts implement it ({@code account.AccountService}), so sessions need not know
 * how accounts are stored.
 */
public interface StaffTokens {

    /** The answer for the account {@code accountId} signed in by session {@code sessionId}; empty when it is gone. */
    Optional<TokenAnswer> tokenForSession(String accountId, UUID sessionId);
}
