package cn.ebike.gateway.token;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Makes SmallRye JWT (which secures the gateway's own endpoints) verify with {@link TokenVerifier},
 * so the gateway accepts exactly what its router accepts: RS256 only, current or previous key.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class GatewayJwtParser extends DefaultJWTParser {

    private final TokenVerifier verifier;

    public GatewayJwtParser(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return parse(token, null);
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo ignored) throws ParseException {
        try {
            return new DefaultJWTCallerPrincipal(token, "JWT", verifier.verify(token));
        } catch (TokenVerifier.InvalidTokenException e) {
            throw new ParseException(e.getMessage());
        }
    }
}
