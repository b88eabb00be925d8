package cn.ebike.tradein.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves the service as {@code application/problem+json}. Bad input is always a 400 naming
 * the field, a dependency that cannot be reached a 503, and anything unexpected a 500 with a generic
 * detail (the stack trace goes to the log, never to the client).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return problem(e.status(), e.slug(), e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldPath(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message));
        return problem(400, "validation-failed", summary(errors), errors);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorizedProblem("a valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorizedProblem("the bearer token is missing, invalid or expired");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(403, "forbidden", "your role may not do this", List.of());
    }

    @ServerExceptionMapper
    public Response faultTolerance(FaultToleranceException e) {
        LOG.warnf("dependency unavailable: %s", e.toString());
        return problem(503, "dependency-unavailable", "a service this request depends on is unavailable; retry later",
                List.of());
    }

    @ServerExceptionMapper
    public Response processing(ProcessingException e) {
        LOG.warnf("dependency unavailable: %s", e.toString());
        return problem(503, "dependency-unavailable", "a service this request depends on is unavailable; retry later",
                List.of());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException jpe) {
            return badJson(jpe);
        }
        if (e.getClass().getName().startsWith("org.jboss.resteasy.reactive.client")) {
            // an unhandled answer of another service: never pass its status through as ours
            LOG.warnf("unexpected answer from a dependency: %s", e.toString());
            return problem(503, "dependency-unavailable", "a service this request depends on answered unexpectedly",
                    List.of());
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return problem(status, "internal-error", "an unexpected error occurred", List.of());
        }
        String slug = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "bad-request";
        };
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 413 -> "the request body is larger than allowed (1 MiB)";
            default -> e.getMessage() == null ? Problem.title(status) : e.getMessage();
        };
        return problem(status, slug, detail, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return problem(500, "internal-error", "an unexpected error occurred", List.of());
    }

    static Response problem(int status, String slug, String detail, List<Problem.FieldError> errors) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, slug, detail, errors))
                .build();
    }

    private static Response unauthorizedProblem(String detail) {
        return Response.status(401)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Problem.of(401, "unauthorized", detail, List.of()))
                .build();
    }

    private static Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException jme ? jsonPath(jme.getPath()) : null;
        String message;
        if (e instanceof InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()) {
            StringBuilder allowed = new StringBuilder();
            for (Object constant : ife.getTargetType().getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(constant);
            }
            message = "must be one of " + allowed;
        } else if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            message = "has the wrong type (expected " + describe(mie.getTargetType()) + ")";
        } else {
            message = "the body is not valid JSON";
        }
        if (field == null || field.isEmpty()) {
            field = "body";
        }
        List<Problem.FieldError> errors = List.of(new Problem.FieldError(field, message));
        return problem(400, "validation-failed", summary(errors), errors);
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (type == java.time.Instant.class) {
            return "an RFC 3339 time";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** {@code phases[1].quota} from Jackson's reference chain. */
    static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * {@code phases[1].quota} from a Bean Validation path: the method and parameter nodes of a resource
     * method are dropped; a violation on the body parameter itself (missing body) is named {@code body}.
     */
    static String fieldPath(Path path) {
        StringBuilder sb = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT && node.getName() == null) {
                continue;
            }
            if (node.getName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(node.getName());
            }
            if (node.getIndex() != null) {
                sb.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                sb.append('[').append(node.getKey()).append(']');
            }
        }
        if (sb.length() > 0) {
            return sb.toString();
        }
        return parameter == null || "request".equals(parameter) ? "body" : parameter;
    }

    private static String summary(List<Problem.FieldError> errors) {
        StringBuilder sb = new StringBuilder();
        for (Problem.FieldError error : errors) {
            sb.append(sb.length() == 0 ? "" : "; ").append(error.field()).append(": ").append(error.message());
        }
        return sb.toString();
    }
}
