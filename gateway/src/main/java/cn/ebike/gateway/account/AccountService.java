package cn.ebike.gateway.account;

import cn.ebike.common.problem.Problem;
import cn.ebike.common.problem.ProblemType;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.gateway.redis.LuaScript;
import cn.ebike.gateway.dealerclient.DealerDirectory;
import cn.ebike.gateway.session.Sessions;
import cn.ebike.gateway.session.StaffTokens;
import cn.ebike.gateway.session.TokenAnswer;
import cn.ebike.gateway.token.TokenIssuer;
import cn.ebike.gateway.token.TokenIssuer.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

@ApplicationScoped
public class AccountService implements StaffTokens {

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    public record NewAccount(String username, String password, Role role, UUID dealerId) {
    }

    public record AccountView(UUID id, String username, Role role, UUID dealerId) {
        static AccountView of(Account a) {
            return new AccountView(a.id, a.username, a.role, a.dealerId);
        }
    }

    public record Created(int status, String body) {
    }

    public record LoginResult(String accessToken, String tokenType, long expiresIn, List<String> roles,
            UUID dealerId) {
    }

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final Idempotency idempotency;
    private final LoginAttempts attempts;
    private final TokenIssuer issuer;
    private final ObjectMapper json;
    private final Sessions sessions;
    private final DealerDirectory dealers;

    /** A staff sign-in: the answer's body and the refresh session it started. */
    public record SignedIn(TokenAnswer answer, Sessions.Issued session) {
    }

    public AccountService(AccountRepository accounts, PasswordHasher hasher, Idempotency idempotency,
            LoginAttempts attempts, TokenIssuer issuer, ObjectMapper json, Sessions sessions,
            DealerDirectory dealers) {
        this.sessions = sessions;
        this.dealers = dealers;
        this.accounts = accounts;
        this.hasher = hasher;
        this.idempotency = idempotency;
        this.attempts = attempts;
        this.issuer = issuer;
        this.json = json;
    }

    /**
     * Creates a staff account. With an Idempotency-Key the first answer is stored in the same
     * transaction and replayed for the same key and body.
     */
    @Transactional
    public Created create(NewAccount request, String caller, Optional<String> idempotencyKey, String rawBody) {
        if (idempotencyKey.isPresent()) {
            Optional<Idempotency.Stored> stored = idempotency.claim(caller, idempotencyKey.get(),
                    idempotency.fingerprint("POST", "/api/auth/accounts", rawBody));
            if (stored.isPresent()) {
                return new Created(stored.get().status(), stored.get().body());
            }
        }
        checkRules(request);
        if (accounts.findByUsername(request.username()).isPresent()) {
            throw duplicate();
        }
        // a DEALER account acts for its dealer: one that tradein-service does not know is refused (API.md)
        if (request.role() == Role.DEALER && !dealers.exists(request.dealerId())) {
            throw ApiException.conflict("unknown-dealer", "No dealer with that id exists in tradein-service.", "dealerId");
        }
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.username = request.username();
        account.passwordHash = hasher.hash(request.password());
        account.role = request.role();
        account.dealerId = request.dealerId();
        account.createdAt = Instant.now();
        account.createdBy = caller;
        try {
            accounts.persistAndFlush(account);
        } catch (PersistenceException e) {
            // a concurrent request took the username between our check and the insert
            throw duplicate();
        }
        LOG.infof("account %s created with role %s by %s", account.id, account.role, caller);
        String body = write(AccountView.of(account));
        idempotencyKey.ifPresent(key -> idempotency.remember(caller, key, 201, body, null));
        return new Created(201, body);
    }

    static void checkRules(NewAccount request) {
        if (request.role() == Role.OWNER || request.role() == Role.SERVICE) {
            throw ApiException.invalid("role", "must be DEALER, REGULATOR or ADMIN");
        }
        if (request.role() == Role.DEALER && request.dealerId() == null) {
            throw ApiException.invalid("dealerId", "is required for role DEALER");
        }
        if (request.role() != Role.DEALER && request.dealerId() != null) {
            throw ApiException.invalid("dealerId", "is only for role DEALER");
        }
        if (request.password().getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_BYTES) {
            throw ApiException.invalid("password", "must be at most 72 bytes");
        }
    }

    private static ApiException duplicate() {
        return ApiException.conflict("duplicate-username", "That username is taken.");
    }

    /**
     * Password login. Unknown user and wrong password give the same 401 after the same bcrypt work;
     * too many failures for the username in the window give 429 with Retry-After.
     */
    public SignedIn login(String username, String password) {
        long waitMs;
        try {
            waitMs = attempts.reserve(username);
        } catch (LuaScript.RedisUnavailableException e) {
            throw ApiException.unavailable("Login is unavailable right now; try again shortly.");
        }
        if (waitMs > 0) {
            throw ApiException.rateLimited((waitMs + 999) / 1000, "Too many failed logins for this username; try again later.");
        }
        Optional<Account> account = accounts.findByUsername(username);
        boolean ok = account.isPresent()
                ? hasher.matches(password, account.get().passwordHash)
                : hasher.matchesDummy(password);
        if (!ok) {
            throw ApiException.unauthorized("Wrong username or password.");
        }
        attempts.succeeded(username);
        Account a = account.get();
        Sessions.Issued session = sessions.start(a.id.toString(),
                Sessions.Kind.STAFF);
        TokenIssuer.IssuedToken token = issuer.forStaff(a.id, a.username, a.role, a.dealerId, session.sessionId());
        return new SignedIn(new TokenAnswer(token.token(), "Bearer", token.expiresIn(),
                List.of(a.role.name()), a.dealerId, null), session);
    }

    /** A new access token for a refreshed staff session: the account as it is now (role, dealer); empty if gone. */
    @Override
    public Optional<TokenAnswer> tokenForSession(String accountId, UUID sessionId) {
        UUID id;
        try {
            id = UUID.fromString(accountId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return accounts.findByIdOptional(id).map(a -> {
            TokenIssuer.IssuedToken token = issuer.forStaff(a.id, a.username, a.role, a.dealerId, sessionId);
            return new TokenAnswer(token.token(), "Bearer", token.expiresIn(),
                    List.of(a.role.name()), a.dealerId, null);
        });
    }

    /**
     * Creates {@code admin} unless it exists; true when this call created it. One statement,
     * {@code INSERT … ON CONFLICT DO NOTHING} on the case-insensitive username index, so replicas starting at
     * the same moment cannot both create it and neither fails: exactly one gets {@code true}.
     */
    @Transactional
    public boolean createAdminIfMissing(String password) {
        if (accounts.findByUsername("admin").isPresent()) {
            return false; // the common case, without paying for a password hash
        }
        return accounts.insertAdminIfMissing(hasher.hash(password));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
