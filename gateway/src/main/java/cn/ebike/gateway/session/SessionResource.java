package cn.ebike.gateway.session;

import cn.ebike.common.problem.ApiException;
import cn.ebike.gateway.token.TokenIssuer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/** Refresh, logout, and the SERVICE-only revocation of a subject's sessions. */
@Path("/api/auth")
public class SessionResource {

    private static final Logger LOG = Logger.getLogger(SessionResource.class);

    public record Revocation(@NotBlank @Size(max = 200) String subject) {
    }

    public record Revoked(String subject, Instant revokedAt, int sessionsEnded) {
    }

    private final Sessions sessions;
    private final SessionHttp http;
    private final TokenIssuer issuer;
    private final StaffTokens staff;
    private final ObjectMapper json;
    private final JsonWebToken jwt;

    public SessionResource(Sessions sessions, SessionHttp http, TokenIssuer issuer, StaffTokens staff,
            ObjectMapper json, JsonWebToken jwt) {
        this.sessions = sessions;
        this.http = http;
        this.issuer = issuer;
        this.staff = staff;
        this.json = json;
        this.jwt = jwt;
    }

    /**
     * A new access token and a new refresh token for the refresh token in the cookie (browsers) or in the body
     * {@code {"refreshToken"}} (native apps, answered in the body). 401 for an unknown, expired, revoked or
     * replayed token; a replayed one also ends its session.
     */
    @POST
    @Path("/refresh")
    @PermitAll // the refresh token is the credential (the access token may well have expired)
    @Produces(MediaType.APPLICATION_JSON)
    public Response refresh(@CookieParam(SessionHttp.COOKIE) String cookie, String body) {
        String fromBody = bodyToken(body);
        boolean nativeClient = fromBody != null;
        String presented = nativeClient ? fromBody : cookie;
        if (presented == null || presented.isBlank()) {
            throw refused(nativeClient, "No refresh token: sign in again.");
        }
        Sessions.Refresh outcome = sessions.refresh(presented);
        if (outcome instanceof Sessions.Refused r) {
            if (r.reused()) {
                LOG.warnf("a rotated refresh token was presented again: session %s ended",
                        sessions.sessionOf(presented).map(UUID::toString).orElse("?"));
            }
            throw refused(nativeClient, r.reused() ? "This sign-in has ended: sign in again."
                    : "The sign-in has expired or ended: sign in again.");
        }
        Sessions.Issued issued = ((Sessions.Refreshed) outcome).issued();
        TokenAnswer answer;
        if (issued.kind() == Sessions.Kind.OWNER) {
            TokenIssuer.IssuedToken t = issuer.forOwner(issued.subject(), issued.sessionId());
            answer = new TokenAnswer(t.token(), "Bearer", t.expiresIn(), List.of("OWNER"), null, null);
        } else {
            Optional<TokenAnswer> staffAnswer = staff.tokenForSession(issued.subject(), issued.sessionId());
            if (staffAnswer.isEmpty()) {
                sessions.logout(List.of(issued.sessionId()));
                throw refused(nativeClient, "The account no longer exists.");
            }
            answer = staffAnswer.get();
        }
        return http.answer(answer, issued, nativeClient);
    }

    /** Ends the caller's session (from the access token) and the one of the refresh token presented, if any. */
    @POST
    @Path("/logout")
    @Authenticated
    public Response logout(@CookieParam(SessionHttp.COOKIE) String cookie, String body) {
        List<UUID> ids = new ArrayList<>();
        Object sid = jwt.getClaim("sid");
        if (sid != null) {
            parse(sid.toString().replace("\"", "")).ifPresent(ids::add);
        }
        String fromBody = bodyToken(body);
        for (String token : new String[] {cookie, fromBody}) {
            if (token != null) {
                sessions.sessionOf(token).filter(id -> !ids.contains(id)).ifPresent(ids::add);
            }
        }
        // only sessions of the caller: a refresh token of someone else's session is ignored
        List<UUID> own = ids.stream().filter(id -> sessions.belongsTo(id, jwt.getSubject())).toList();
        if (!own.isEmpty()) {
            sessions.logout(own);
        }
        return Response.noContent().header("Set-Cookie", http.clearCookie()).header("Cache-Control", "no-store").build();
    }

    /**
     * SERVICE only: ends every session of {@code subject} (an owner id or a staff account id) and makes the gateway
     * refuse every access token issued to it until now. Used when an owner's identity data change.
     */
    @POST
    @Path("/sessions/revocations")
    @RolesAllowed("SERVICE")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Revoked revokeSubject(@Valid @NotNull Revocation request) {
        Instant now = Instant.now();
        int ended = sessions.revokeSubject(request.subject(), now);
        LOG.infof("sessions of %s revoked by %s (%d ended)", request.subject(), jwt.getSubject(), ended);
        return new Revoked(request.subject(), now, ended);
    }

    private String bodyToken(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            JsonNode t = node == null ? null : node.get("refreshToken");
            return t != null && t.isTextual() && !t.asText().isBlank() ? t.asText() : null;
        } catch (Exception e) {
            throw ApiException.invalid("body", "must be JSON, optionally {\"refreshToken\"}");
        }
    }

    private ApiException refused(boolean nativeClient, String detail) {
        ApiException e = ApiException.unauthorized(detail).withHeader("Cache-Control", "no-store");
        return nativeClient ? e : e.withHeader("Set-Cookie", http.clearCookie());
    }

    private static Optional<UUID> parse(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
