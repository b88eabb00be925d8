package cn.ebike.subsidy.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as {@code application/problem+json}: bad input is a 400 naming each field (Bean
 * Validation paths such as {@code phases[1].quota}, JSON type errors, unknown enum values), never a 500;
 * an unexpected exception is a 500 with a generic detail, logged here.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** A lost or unobtainable database connection is "unavailable" (503), not a bug (500). */
    static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    static Response respond(Problem problem) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        if (problem.status() == 503) {
            builder.header("Retry-After", "5");
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        if (e.status() >= 500) {
            LOG.warnf("%s: %s", e.status(), e.getMessage());
        }
        return respond(e.toProblem());
    }

    @ServerExceptionMapper
    public Response violations(ResteasyReactiveViolationException e) {
        return validation(e);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldPath(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        return respond(ApiException.invalid(errors).toProblem());
    }

    /**
     * {@code create.request.phases[1].quota} → {@code phases[1].quota}: drop the method and parameter
     * nodes. Hibernate Validator puts a list index on the node after the list ("quota" is in iterable
     * at index 1), so the index is written before that node's name.
     */
    public static String fieldPathOf(Path path) {
        return fieldPath(path);
    }

    static String fieldPath(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, PARAMETER, CROSS_PARAMETER, RETURN_VALUE -> {
                    continue;
                }
                default -> {
                }
            }
            if (node.isInIterable() && sb.length() > 0) {
                Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (at != null) {
                    sb.append('[').append(at).append(']');
                }
            }
            if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(node.getName());
        }
        return sb.length() == 0 ? "body" : sb.toString();
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return jsonProblem(e);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return jsonProblem(e);
    }

    private Response jsonProblem(JsonProcessingException e) {
        String field = "body";
        String message = "is not valid JSON";
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            field = jsonPath(jme.getPath());
            if (e instanceof InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()) {
                message = "must be one of " + java.util.Arrays.toString(ife.getTargetType().getEnumConstants());
            } else if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
                message = "has the wrong type (expected " + simpleType(mie.getTargetType()) + ")";
            } else {
                message = "is invalid";
            }
        }
        return respond(ApiException.badRequest(field, message).toProblem());
    }

    private static String simpleType(Class<?> type) {
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (type == java.time.Instant.class) {
            return "an RFC 3339 UTC time";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        return "an object";
    }

    static String jsonPath(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "body" : sb.toString();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return respond(Problem.of(401, "unauthorized", "Unauthorized", "A valid bearer token is required", null));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return respond(Problem.of(401, "unauthorized", "Unauthorized", "A valid bearer token is required", null));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "Your role may not do this", null));
    }

    @ServerExceptionMapper
    public Response circuitOpen(CircuitBreakerOpenException e) {
        return respond(ApiException.unavailable("A service this one depends on is unavailable; try again later").toProblem());
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e) {
        return respond(ApiException.unavailable("A service this one depends on did not answer in time; try again later").toProblem());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return jsonProblem(jpe);
        }
        if (status >= 500) {
            LOG.error("request failed", e);
            return respond(Problem.of(500, "internal-error", "Internal Server Error", "An unexpected error occurred", null));
        }
        String slug = switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return respond(Problem.of(status, slug, title, title, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (databaseUnreachable(e)) {
            LOG.warnf("database unavailable: %s", e.toString());
            return respond(ApiException.unavailable("The database is unavailable; nothing was recorded, try again later")
                    .toProblem());
        }
        LOG.error("unexpected error", e);
        return respond(Problem.of(500, "internal-error", "Internal Server Error", "An unexpected error occurred", null));
    }
}
